//! A page's origin as a key: the host of a URL, and the outlet a page is from.

/// The host of a URL, without `www.`; `None` when it has no dot.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
    let h = rest.split(['/', '?', '#']).next()?.to_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h).to_string();
    (h.contains('.')).then_some(h)
}

/// A page's outlet as a key for comparing pages: the first non-empty of the manifest's outlet and
/// the HTML site name, normalised; else the host of its URL. The one definition every stage uses.
pub fn outlet_key(
    outlet: Option<&str>,
    site_name: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    [outlet, site_name]
        .into_iter()
        .flatten()
        .find(|o| !o.trim().is_empty())
        .map(super::normalize)
        .or_else(|| url.and_then(host))
}
