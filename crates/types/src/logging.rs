//! Logging: `logging/setLevel` (legacy) and `notifications/message`.

use serde::{Deserialize, Serialize};

use crate::{EmptyResult, JsonObject, JsonValue, Meta};

/// Log severity, RFC 5424 order: `Debug` is the lowest, `Emergency` the highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoggingLevel {
    /// Debug-level messages.
    Debug,
    /// Informational messages.
    Info,
    /// Normal but significant conditions.
    Notice,
    /// Warning conditions.
    Warning,
    /// Error conditions.
    Error,
    /// Critical conditions.
    Critical,
    /// Action must be taken immediately.
    Alert,
    /// The system is unusable.
    Emergency,
}

/// Parameters of `logging/setLevel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetLevelRequestParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The lowest level the client wants to receive.
    pub level: LoggingLevel,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `notifications/message`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggingMessageNotificationParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The severity.
    pub level: LoggingLevel,
    /// The logger's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logger: Option<String>,
    /// The data: any JSON value (an explicit `null` is kept).
    pub data: JsonValue,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Sets the session's log threshold (legacy; 2026-07-28 uses `_meta` `logLevel`).
    SetLevelRequest = "logging/setLevel", params: SetLevelRequestParams, result: EmptyResult
);
notification!(
    /// A log message from the server.
    LoggingMessageNotification = "notifications/message", params: LoggingMessageNotificationParams
);
