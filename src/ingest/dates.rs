//! Publication dates as given by manifests and HTML meta tags, normalised to ISO 8601.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parses a date or date-time and returns it in ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, or
/// RFC 3339 with its offset when one is given. Returns `None` for anything else (including impossible
/// dates such as 2023-02-29).
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[test]
    fn forms() {
        assert_eq!(normalize_date("2016-03-21").as_deref(), Some("2016-03-21"));
        assert_eq!(
            normalize_date("2016-03-21T12:16").as_deref(),
            Some("2016-03-21T12:16:00")
        );
        assert_eq!(
            normalize_date("2024-04-23T15:44:00+01:00").as_deref(),
            Some("2024-04-23T15:44:00+01:00")
        );
        assert_eq!(
            normalize_date("Mon, 21 Mar 2016 12:16:00 +0000").as_deref(),
            Some("2016-03-21T12:16:00Z")
        );
        assert_eq!(normalize_date("2023-02-29"), None);
        assert_eq!(normalize_date("21/03/2016"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }
}
