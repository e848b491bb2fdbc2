//! `Implementation`: the server's identity in the `initialize` result.

use tether_mcp_types::{Implementation, ProtocolVersion};

use super::{Shape, shape_icons, shape_title};

impl Shape for Implementation {
    /// `title` from 2025-06-18; `description`, `icons` and `websiteUrl` from 2025-11-25.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
        shape_icons(&mut self.icons, version);
        if !version.has_icons() {
            self.description = None;
            self.website_url = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::Icon;

    use super::super::test_util::{BEFORE_06_18, wire};
    use super::*;

    fn full() -> Implementation {
        Implementation {
            title: Some("Server".to_owned()),
            description: Some("Serves.".to_owned()),
            icons: Some(vec![Icon {
                src: "https://example.com/s.svg".to_owned(),
                ..Default::default()
            }]),
            website_url: Some("https://example.com".to_owned()),
            ..Implementation::new("server", "1.0.0")
        }
    }

    fn shaped(version: &ProtocolVersion) -> serde_json::Value {
        let mut info = full();
        info.shape(version);
        wire(&info)
    }

    #[test]
    fn implementation_members_appear_at_their_revisions() {
        for version in BEFORE_06_18 {
            assert_eq!(
                shaped(&version),
                json!({"name": "server", "version": "1.0.0"}),
                "{version}"
            );
        }
        assert_eq!(
            shaped(&ProtocolVersion::V_2025_06_18),
            json!({"name": "server", "title": "Server", "version": "1.0.0"})
        );
        for version in [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2026_07_28] {
            assert_eq!(shaped(&version), wire(&full()), "{version}");
        }
    }
}
