//! The five schema revisions, and what differs between them that the fixtures and the
//! envelope checks need to know.

use tether_mcp_types::ProtocolVersion;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rev {
    R2024_11_05,
    R2025_03_26,
    R2025_06_18,
    R2025_11_25,
    R2026_07_28,
}

use Rev::*;

pub(crate) const ALL_REVS: [Rev; 5] = [
    R2024_11_05,
    R2025_03_26,
    R2025_06_18,
    R2025_11_25,
    R2026_07_28,
];

impl Rev {
    pub(crate) fn name(self) -> &'static str {
        match self {
            R2024_11_05 => "2024-11-05",
            R2025_03_26 => "2025-03-26",
            R2025_06_18 => "2025-06-18",
            R2025_11_25 => "2025-11-25",
            R2026_07_28 => "2026-07-28",
        }
    }

    pub(crate) fn modern(self) -> bool {
        self == R2026_07_28
    }

    pub(crate) fn legacy(self) -> bool {
        !self.modern()
    }

    /// `Some(value)` from revision `first` on, `None` before.
    pub(crate) fn since<T>(self, first: Rev, value: T) -> Option<T> {
        (self >= first).then_some(value)
    }

    /// `Some(value)` on 2026-07-28, `None` on the legacy revisions.
    pub(crate) fn modern_only<T>(self, value: T) -> Option<T> {
        self.modern().then_some(value)
    }

    pub(crate) fn protocol_version(self) -> ProtocolVersion {
        ProtocolVersion::new(self.name())
    }

    /// The name of the successful-response envelope definition.
    pub(crate) fn result_response_def(self) -> &'static str {
        if self >= R2025_11_25 {
            "JSONRPCResultResponse"
        } else {
            "JSONRPCResponse"
        }
    }

    /// The name of the error-response envelope definition.
    pub(crate) fn error_response_def(self) -> &'static str {
        if self >= R2025_11_25 {
            "JSONRPCErrorResponse"
        } else {
            "JSONRPCError"
        }
    }
}
