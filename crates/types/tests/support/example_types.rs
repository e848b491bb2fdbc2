//! The example-folder → Rust type dispatch table: the 2026-07-28 examples folder names the
//! type of each message it holds (`CallToolResult/…json` is a `CallToolResult`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
#[allow(unused_imports)]
use tether_mcp_types::*;

/// Decodes `text` as `T` (with `decode::from_str`, so errors name the field) and serializes
/// the value back to JSON.
pub(crate) fn reencode<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, String> {
    let value: T = tether_mcp_types::decode::from_str(text).map_err(|e| {
        let at = if e.path().is_empty() {
            "(root)"
        } else {
            e.path()
        };
        format!(
            "decode as {} failed at {at}: {}",
            std::any::type_name::<T>(),
            e.message()
        )
    })?;
    serde_json::to_value(&value).map_err(|e| format!("serialize failed: {e}"))
}

macro_rules! pick_type {
    ($folder:ident) => {
        $folder
    };
    ($folder:ident, $ty:ty) => {
        $ty
    };
}

/// `Folder` (the folder names the type) or `Folder as Type` (it does not).
macro_rules! example_types {
    ($($folder:ident $(as $ty:ty)?),* $(,)?) => {
        /// Every folder with an entry.
        pub(crate) const FOLDERS: &[&str] = &[$(stringify!($folder)),*];

        /// Decodes an example of `folder` into its type and serializes it back; `None` when
        /// the folder has no entry in the table.
        pub(crate) fn reencode_example(folder: &str, text: &str) -> Option<Result<Value, String>> {
            match folder {
                $(stringify!($folder) => Some(reencode::<pick_type!($folder $(, $ty)?)>(text)),)*
                _ => None,
            }
        }
    };
}

example_types! {
    AudioContent,
    BlobResourceContents,
    BooleanSchema,
    CallToolRequest,
    CallToolRequestParams,
    CallToolResult,
    CallToolResultResponse,
    CancelledNotification,
    CancelledNotificationParams,
    ClientCapabilities,
    CompleteRequest,
    CompleteRequestParams,
    CompleteResult,
    CompleteResultResponse,
    CreateMessageRequest,
    CreateMessageRequestParams,
    CreateMessageResult,
    DiscoverRequest,
    DiscoverResult,
    DiscoverResultResponse,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitRequestURLParams,
    ElicitResult,
    EmbeddedResource,
    GetPromptRequest,
    GetPromptRequestParams,
    GetPromptResult,
    GetPromptResultResponse,
    HeaderMismatchError,
    ImageContent,
    InputRequests,
    InputRequiredResult,
    InputResponses,
    InternalError,
    InvalidParamsError,
    ListPromptsRequest,
    ListPromptsResult,
    ListPromptsResultResponse,
    ListResourceTemplatesRequest,
    ListResourceTemplatesResult,
    ListResourceTemplatesResultResponse,
    ListResourcesRequest,
    ListResourcesResult,
    ListResourcesResultResponse,
    ListRootsRequest,
    ListRootsResult,
    ListToolsRequest,
    ListToolsResult,
    ListToolsResultResponse,
    LoggingMessageNotification,
    LoggingMessageNotificationParams,
    MethodNotFoundError,
    MissingRequiredClientCapabilityError,
    ModelPreferences,
    NumberSchema,
    PaginatedRequestParams,
    ParseError,
    ProgressNotification,
    ProgressNotificationParams,
    PromptListChangedNotification,
    ReadResourceRequest,
    ReadResourceResult,
    ReadResourceResultResponse,
    Resource,
    ResourceLink,
    ResourceListChangedNotification,
    ResourceUpdatedNotification,
    ResourceUpdatedNotificationParams,
    Root,
    SamplingMessage,
    ServerCapabilities,
    StringSchema,
    SubscriptionsAcknowledgedNotification,
    SubscriptionsListenRequest,
    SubscriptionsListenResult,
    SubscriptionsListenResultResponse,
    TextContent,
    TextResourceContents,
    TitledMultiSelectEnumSchema,
    TitledSingleSelectEnumSchema,
    Tool,
    ToolListChangedNotification,
    ToolResultContent,
    ToolUseContent,
    UnsupportedProtocolVersionError,
    UntitledMultiSelectEnumSchema,
    UntitledSingleSelectEnumSchema,
}
