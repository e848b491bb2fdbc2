//! `Paginator`: pages a list with opaque cursors, for `tools/list`, `prompts/list`,
//! `resources/list` and `resources/templates/list`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use tether_mcp_types::PaginatedRequestParams;

use crate::error::ServerError;

/// The cursor layout version, the first byte of every cursor.
const FORMAT: u8 = 1;
/// Format byte, offset, list version, checksum.
const CURSOR_BYTES: usize = 1 + 8 + 8 + 8;

/// Pages a list with opaque cursors (MCP pagination, spec digest §6.4).
///
/// A cursor is base64url (no padding) of a layout byte, the offset of the page it starts, the
/// list's version, and a checksum over those and the list's name. A cursor that is not one
/// (garbled, truncated, made up, or issued for another list) or that is stale (issued for
/// another version of the list, or past the end of a list that shrank) is refused with a
/// -32602 error that names the problem. The checksum is an integrity check, not a secret:
/// anyone who reads this source can compute a valid cursor, but that only reaches a page that
/// paging reaches anyway.
///
/// **The empty cursor `""` is the first page**, like no cursor at all: the spec says an empty
/// string is a valid cursor (not the end), and this helper never issues it, so a client that
/// sends it can only mean "from the start". The last page has no `nextCursor`.
///
/// **Versions.** Offsets shift when the list changes between two pages. If that matters, keep
/// a version number that changes with the list (a generation counter bumped when you call
/// [`Notifier::tools_list_changed`](crate::Notifier::tools_list_changed), say) and pass it to
/// [`version`](Self::version): a cursor from before the change is then refused as stale, and
/// the client lists again from the start.
///
/// ```
/// use tether_mcp::prelude::*;
/// use tether_mcp::Paginator;
/// use tether_mcp::types::Resource;
///
/// struct Files {
///     resources: Vec<Resource>,
/// }
///
/// const PAGES: Paginator = Paginator::new("resources", 50);
///
/// impl ServerHandler for Files {
///     async fn list_resources(&self, params: Option<PaginatedRequestParams>, _: RequestCx<'_>)
///         -> Result<ListResourcesResult, ServerError>
///     {
///         let page = PAGES.page(&self.resources, params.as_ref())?;
///         Ok(ListResourcesResult {
///             resources: page.items.to_vec(),
///             next_cursor: page.next_cursor,
///             ..Default::default()
///         })
///     }
/// }
///
/// // The pages, as a client would walk them:
/// let files: Vec<u32> = (0..120).collect();
/// let first = PAGES.page_at(&files, None)?;
/// assert_eq!(first.items.len(), 50);
/// let second = PAGES.page_at(&files, first.next_cursor.as_deref())?;
/// let third = PAGES.page_at(&files, second.next_cursor.as_deref())?;
/// assert_eq!((third.items.len(), third.next_cursor), (20, None));
/// assert_eq!(PAGES.page_at(&files, Some("")).unwrap().items, first.items);
/// assert_eq!(PAGES.page_at(&files, Some("forged")).unwrap_err().0.code, -32602);
/// # Ok::<(), ServerError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paginator {
    list: &'static str,
    page_size: usize,
    version: u64,
}

/// One page of a list: its items and the cursor of the next page (`None` on the last page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<'a, T> {
    /// The items of this page.
    pub items: &'a [T],
    /// The `nextCursor` to send: `None` on the last page.
    pub next_cursor: Option<String>,
}

impl Paginator {
    /// Pages of `page_size` items (at least 1) of the list called `list` (any name: it keeps
    /// the cursors of one list from being accepted by another), at version 0.
    pub const fn new(list: &'static str, page_size: usize) -> Self {
        Self {
            list,
            page_size: if page_size == 0 { 1 } else { page_size },
            version: 0,
        }
    }

    /// The same pages for `version` of the list: cursors issued for another version are
    /// refused as stale.
    #[must_use]
    pub const fn version(self, version: u64) -> Self {
        Self { version, ..self }
    }

    /// The page of `items` that the request's cursor names (the first page without one).
    pub fn page<'a, T>(
        &self,
        items: &'a [T],
        params: Option<&PaginatedRequestParams>,
    ) -> Result<Page<'a, T>, ServerError> {
        self.page_at(items, params.and_then(|p| p.cursor.as_deref()))
    }

    /// The page of `items` that `cursor` names; `None` and `""` are the first page.
    pub fn page_at<'a, T>(
        &self,
        items: &'a [T],
        cursor: Option<&str>,
    ) -> Result<Page<'a, T>, ServerError> {
        let start = self.offset(cursor)?;
        if start > items.len() {
            return Err(ServerError::invalid_params(format!(
                "stale cursor: it starts at item {start}, past the end of the {}-item `{}` \
                 list; list again without a cursor",
                items.len(),
                self.list
            )));
        }
        let end = start.saturating_add(self.page_size).min(items.len());
        Ok(Page {
            items: &items[start..end],
            next_cursor: (end < items.len()).then(|| self.cursor(end)),
        })
    }

    /// The offset `cursor` starts at, for lists that are not slices (a database query with
    /// `OFFSET`, say); `None` and `""` are offset 0. Whether the offset is past the end is the
    /// caller's to check.
    pub fn offset(&self, cursor: Option<&str>) -> Result<usize, ServerError> {
        let cursor = match cursor {
            None | Some("") => return Ok(0),
            Some(cursor) => cursor,
        };
        let invalid = |problem: &str| {
            ServerError::invalid_params(format!(
                "invalid cursor for the `{}` list: {problem}; send a `nextCursor` this server \
                 returned, or no cursor for the first page",
                self.list
            ))
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| invalid("it is not base64url"))?;
        let Ok(bytes) = <[u8; CURSOR_BYTES]>::try_from(bytes.as_slice()) else {
            return Err(invalid("it has the wrong length"));
        };
        let (body, checksum) = bytes.split_at(CURSOR_BYTES - 8);
        if body[0] != FORMAT || checksum != self.checksum(body) {
            return Err(invalid(
                "its checksum does not match (garbled, made up, or issued for another list)",
            ));
        }
        let offset = u64::from_be_bytes(body[1..9].try_into().unwrap_or_default());
        let version = u64::from_be_bytes(body[9..17].try_into().unwrap_or_default());
        if version != self.version {
            return Err(ServerError::invalid_params(format!(
                "stale cursor: it was issued for version {version} of the `{}` list, which is \
                 now at version {}; list again without a cursor",
                self.list, self.version
            )));
        }
        usize::try_from(offset).map_err(|_| invalid("its offset does not fit this machine"))
    }

    /// The cursor of the page that starts at `offset`.
    pub fn cursor(&self, offset: usize) -> String {
        let mut bytes = Vec::with_capacity(CURSOR_BYTES);
        bytes.push(FORMAT);
        bytes.extend_from_slice(&(offset as u64).to_be_bytes());
        bytes.extend_from_slice(&self.version.to_be_bytes());
        let checksum = self.checksum(&bytes);
        bytes.extend_from_slice(&checksum);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The first 8 bytes of SHA-256 over a domain tag, the list's name and `body`.
    fn checksum(&self, body: &[u8]) -> [u8; 8] {
        let digest = Sha256::new()
            .chain_update(b"tether-mcp pagination cursor\0")
            .chain_update(self.list.as_bytes())
            .chain_update([0])
            .chain_update(body)
            .finalize();
        let mut checksum = [0; 8];
        checksum.copy_from_slice(&digest[..8]);
        checksum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOOLS: Paginator = Paginator::new("tools", 3);

    fn code(error: ServerError) -> (i64, String) {
        (error.0.code, error.0.message)
    }

    /// Every page from the first, following `nextCursor`.
    fn walk(pager: Paginator, items: &[u32]) -> Vec<Vec<u32>> {
        let mut pages = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = pager.page_at(items, cursor.as_deref()).unwrap();
            pages.push(page.items.to_vec());
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return pages,
            }
        }
    }

    #[test]
    fn walking_the_cursors_visits_every_item_once_in_order() {
        let items: Vec<u32> = (0..8).collect();
        assert_eq!(
            walk(TOOLS, &items),
            vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7]]
        );
        let exact: Vec<u32> = (0..6).collect();
        assert_eq!(walk(TOOLS, &exact), vec![vec![0, 1, 2], vec![3, 4, 5]]);
        assert_eq!(walk(TOOLS, &[]), vec![Vec::<u32>::new()]);
        assert_eq!(
            walk(Paginator::new("x", 0), &[1, 2]),
            vec![vec![1], vec![2]]
        );
    }

    #[test]
    fn no_cursor_and_the_empty_cursor_are_the_first_page() {
        let items: Vec<u32> = (0..8).collect();
        let none = TOOLS.page_at(&items, None).unwrap();
        let empty = TOOLS.page_at(&items, Some("")).unwrap();
        assert_eq!(none, empty);
        assert_eq!(none.items, &[0, 1, 2]);
        let params = PaginatedRequestParams {
            cursor: none.next_cursor.clone(),
            ..Default::default()
        };
        assert_eq!(TOOLS.page(&items, Some(&params)).unwrap().items, &[3, 4, 5]);
        assert_eq!(TOOLS.page(&items, None).unwrap(), none);
    }

    #[test]
    fn cursors_are_opaque_url_safe_strings() {
        let cursor = TOOLS.cursor(3);
        assert_eq!(cursor.len(), 34);
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(TOOLS.offset(Some(&cursor)).unwrap(), 3);
    }

    #[test]
    fn garbage_is_refused_naming_the_problem() {
        let items = [1, 2, 3, 4];
        let cases = [
            ("not base64!", "not base64url"),
            ("AAAA", "wrong length"),
            (&URL_SAFE_NO_PAD.encode([0u8; CURSOR_BYTES]), "checksum"),
        ];
        for (cursor, problem) in cases {
            let (code, message) = code(TOOLS.page_at(&items, Some(cursor)).unwrap_err());
            assert_eq!(code, -32602);
            assert!(message.contains(problem), "{message}");
            assert!(message.contains("`tools`"), "{message}");
        }
    }

    #[test]
    fn a_tampered_cursor_fails_its_checksum() {
        let mut bytes = URL_SAFE_NO_PAD.decode(TOOLS.cursor(3)).unwrap();
        bytes[8] ^= 1; // the offset's last byte: 3 becomes 2
        let forged = URL_SAFE_NO_PAD.encode(bytes);
        let (_, message) = code(TOOLS.offset(Some(&forged)).unwrap_err());
        assert!(message.contains("checksum"), "{message}");
    }

    #[test]
    fn a_cursor_of_another_list_is_refused() {
        let prompts = Paginator::new("prompts", 3);
        let (code, message) = code(TOOLS.offset(Some(&prompts.cursor(3))).unwrap_err());
        assert_eq!(code, -32602);
        assert!(message.contains("another list"), "{message}");
    }

    #[test]
    fn a_cursor_of_another_version_is_stale() {
        let old = TOOLS.version(4).cursor(3);
        let (code, message) = code(TOOLS.version(5).offset(Some(&old)).unwrap_err());
        assert_eq!(code, -32602);
        assert!(message.contains("stale"), "{message}");
        assert!(message.contains("version 4") && message.contains("version 5"));
        assert_eq!(TOOLS.version(4).offset(Some(&old)).unwrap(), 3);
    }

    #[test]
    fn a_cursor_past_the_end_of_a_shrunk_list_is_stale() {
        let items: Vec<u32> = (0..8).collect();
        let cursor = TOOLS.page_at(&items, None).unwrap().next_cursor.unwrap();
        // At the end exactly: an empty last page.
        let end = TOOLS.page_at(&items[..3], Some(&cursor)).unwrap();
        assert_eq!((end.items.len(), end.next_cursor), (0, None));
        let (code, message) = code(TOOLS.page_at(&items[..2], Some(&cursor)).unwrap_err());
        assert_eq!(code, -32602);
        assert!(
            message.contains("stale") && message.contains("2-item"),
            "{message}"
        );
    }
}
