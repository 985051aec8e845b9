//! Repository names, tags and references, validated against the
//! distribution grammar before anything is sent.

use super::digest::Digest;
use std::fmt;

/// Longest repository name distribution accepts.
pub const MAX_NAME_LEN: usize = 255;
/// Longest tag distribution accepts.
pub const MAX_TAG_LEN: usize = 128;

/// Why a name or tag was refused before any request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReferenceError {
    EmptyName,
    NameTooLong(usize),
    /// A path component (between slashes) breaks the grammar.
    BadNameComponent(String),
    EmptyTag,
    TagTooLong(usize),
    BadTag,
    BadDigest(super::digest::DigestParseError),
}

/// A repository name such as `team/app/api`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepositoryName(String);

impl RepositoryName {
    pub fn parse(name: &str) -> Result<Self, ReferenceError> {
        if name.is_empty() {
            return Err(ReferenceError::EmptyName);
        }
        if name.len() > MAX_NAME_LEN {
            return Err(ReferenceError::NameTooLong(name.chars().count()));
        }
        for component in name.split('/') {
            if !is_name_component(component) {
                return Err(ReferenceError::BadNameComponent(component.to_string()));
            }
        }
        Ok(RepositoryName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Everything before the last slash (`team/app` for `team/app/api`).
    pub fn namespace(&self) -> Option<&str> {
        self.0.rsplit_once('/').map(|(ns, _)| ns)
    }
}

impl fmt::Display for RepositoryName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn is_name_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or one or more "-".
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// A tag such as `v1.2.3`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    /// `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`
    pub fn parse(tag: &str) -> Result<Self, ReferenceError> {
        let b = tag.as_bytes();
        if b.is_empty() {
            return Err(ReferenceError::EmptyTag);
        }
        if b.len() > MAX_TAG_LEN {
            return Err(ReferenceError::TagTooLong(tag.chars().count()));
        }
        let first_ok = b[0].is_ascii_alphanumeric() || b[0] == b'_';
        let rest_ok = b[1..]
            .iter()
            .all(|&x| x.is_ascii_alphanumeric() || x == b'_' || x == b'.' || x == b'-');
        if first_ok && rest_ok {
            Ok(Tag(tag.to_string()))
        } else {
            Err(ReferenceError::BadTag)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a manifest is addressed by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reference {
    Tag(Tag),
    Digest(Digest),
}

impl Reference {
    /// A digest if it has a `:`, else a tag.
    pub fn parse(s: &str) -> Result<Self, ReferenceError> {
        if s.contains(':') {
            Digest::parse(s)
                .map(Reference::Digest)
                .map_err(ReferenceError::BadDigest)
        } else {
            Tag::parse(s).map(Reference::Tag)
        }
    }

    /// Tag-addressed content moves; digest-addressed content never does.
    pub fn is_mutable(&self) -> bool {
        matches!(self, Reference::Tag(_))
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Tag(t) => t.fmt(f),
            Reference::Digest(d) => d.fmt(f),
        }
    }
}

/// A manifest named the way container tools name it: `team/app:v1` or
/// `team/app@sha256:…` (no registry host; the registry is given apart).
/// Without a tag or digest there is no reference: nothing defaults to
/// `latest`, so a command never acts on a tag the user did not name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageReference {
    pub name: RepositoryName,
    pub reference: Reference,
}

impl ImageReference {
    /// `None` for the reference when the input names only a repository.
    pub fn parse(s: &str) -> Result<(RepositoryName, Option<Reference>), ReferenceError> {
        let (name, reference) = match s.split_once('@') {
            Some((name, digest)) => (
                name,
                Some(
                    Digest::parse(digest)
                        .map(Reference::Digest)
                        .map_err(ReferenceError::BadDigest)?,
                ),
            ),
            None => {
                // A colon after the last slash starts the tag.
                let last = s.rfind('/').map_or(0, |i| i + 1);
                match s[last..].find(':') {
                    Some(i) => (
                        &s[..last + i],
                        Some(Tag::parse(&s[last + i + 1..]).map(Reference::Tag)?),
                    ),
                    None => (s, None),
                }
            }
        };
        Ok((RepositoryName::parse(name)?, reference))
    }

    /// Both parts required.
    pub fn parse_full(s: &str) -> Result<ImageReference, ReferenceError> {
        match Self::parse(s)? {
            (name, Some(reference)) => Ok(ImageReference { name, reference }),
            (_, None) => Err(ReferenceError::EmptyTag),
        }
    }
}

impl fmt::Display for ImageReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reference {
            Reference::Tag(t) => write!(f, "{}:{t}", self.name),
            Reference::Digest(d) => write!(f, "{}@{d}", self.name),
        }
    }
}

/// URL paths of the registry API. Validated names and tags contain only
/// URL-safe characters, so no escaping is needed and slashes stay separators.
pub mod paths {
    use super::*;

    pub fn base() -> &'static str {
        "/v2/"
    }

    /// A catalog page of `page_size`, or of the registry's own size
    /// (`maxentries`) when `None`.
    pub fn catalog(page_size: Option<u32>) -> String {
        match page_size {
            Some(n) => format!("/v2/_catalog?n={n}"),
            None => "/v2/_catalog".to_string(),
        }
    }

    /// The catalog page after `last` (a name as the registry sent it:
    /// anything outside a repository name's characters is escaped).
    pub fn catalog_after(page_size: u32, last: &str) -> String {
        format!("/v2/_catalog?n={page_size}&last={}", escape_query(last))
    }

    /// A query value: name and tag characters as they are, the rest
    /// percent-encoded.
    fn escape_query(value: &str) -> String {
        let mut escaped = String::new();
        for b in value.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/') {
                escaped.push(b as char);
            } else {
                escaped.push_str(&format!("%{b:02X}"));
            }
        }
        escaped
    }

    pub fn tags(name: &RepositoryName) -> String {
        format!("/v2/{name}/tags/list")
    }

    /// The tag-list page after `last` (a tag as the registry sent it:
    /// anything outside a tag's characters is escaped).
    pub fn tags_after(name: &RepositoryName, last: &str) -> String {
        format!("/v2/{name}/tags/list?last={}", escape_query(last))
    }

    pub fn manifest(name: &RepositoryName, reference: &Reference) -> String {
        format!("/v2/{name}/manifests/{reference}")
    }

    pub fn blob(name: &RepositoryName, digest: &Digest) -> String {
        format!("/v2/{name}/blobs/{digest}")
    }

    /// Where a blob upload starts (`POST`).
    pub fn blob_uploads(name: &RepositoryName) -> String {
        format!("/v2/{name}/blobs/uploads/")
    }

    pub fn referrers(name: &RepositoryName, digest: &Digest) -> String {
        format!("/v2/{name}/referrers/{digest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_follow_the_distribution_grammar() {
        for ok in [
            "alpine",
            "team/app/api",
            "a",
            "my-app",
            "my--app",
            "my_app",
            "my__app",
            "v1.2",
            "library/ubuntu",
            "0x/9",
        ] {
            assert!(RepositoryName::parse(ok).is_ok(), "{ok} should be valid");
        }
        for bad in [
            "",
            "Alpine",
            "-app",
            "app-",
            "a//b",
            "/a",
            "a/",
            "my___app",
            "my_.app",
            "a..b",
            "host:5000/app",
            "app name",
            "ümlaut",
            "<script>",
            "a/../b",
        ] {
            assert!(
                RepositoryName::parse(bad).is_err(),
                "{bad} should be invalid"
            );
        }
        let long = "a".repeat(256);
        assert_eq!(
            RepositoryName::parse(&long),
            Err(ReferenceError::NameTooLong(256))
        );
    }

    #[test]
    fn namespace_is_everything_before_the_last_slash() {
        let n = RepositoryName::parse("team/app/api").unwrap();
        assert_eq!(n.namespace(), Some("team/app"));
        assert_eq!(RepositoryName::parse("api").unwrap().namespace(), None);
    }

    #[test]
    fn tags_follow_the_distribution_grammar() {
        for ok in ["latest", "v1.2.3", "_x", "A-b_c.d", "sha256-abc.sig"] {
            assert!(Tag::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".x", "-x", "a/b", "a:b", "tag with space", "ü"] {
            assert!(Tag::parse(bad).is_err(), "{bad}");
        }
        assert!(Tag::parse(&"t".repeat(128)).is_ok());
        assert_eq!(
            Tag::parse(&"t".repeat(129)),
            Err(ReferenceError::TagTooLong(129))
        );
    }

    #[test]
    fn references_are_tags_or_digests() {
        assert!(matches!(Reference::parse("latest"), Ok(Reference::Tag(_))));
        let d = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(matches!(Reference::parse(d), Ok(Reference::Digest(_))));
        assert!(matches!(
            Reference::parse("sha256:nothex"),
            Err(ReferenceError::BadDigest(_))
        ));
        assert!(Reference::parse("latest").unwrap().is_mutable());
        assert!(!Reference::parse(d).unwrap().is_mutable());
    }

    #[test]
    fn paths_keep_slashes_as_separators() {
        let n = RepositoryName::parse("team/app/api").unwrap();
        let r = Reference::parse("v1").unwrap();
        assert_eq!(paths::manifest(&n, &r), "/v2/team/app/api/manifests/v1");
        assert_eq!(paths::tags(&n), "/v2/team/app/api/tags/list");
        assert_eq!(
            paths::catalog_after(100, "team/app-1.x_y"),
            "/v2/_catalog?n=100&last=team/app-1.x_y"
        );
        assert_eq!(
            paths::catalog_after(100, "a&n=9 #é"),
            "/v2/_catalog?n=100&last=a%26n%3D9%20%23%C3%A9"
        );
        assert_eq!(paths::catalog(Some(1000)), "/v2/_catalog?n=1000");
    }

    #[test]
    fn image_references_read_like_container_tools_write_them() {
        let d = format!("sha256:{}", "a".repeat(64));
        let r = ImageReference::parse_full("team/app:v1").unwrap();
        assert_eq!(r.name.as_str(), "team/app");
        assert_eq!(r.reference, Reference::Tag(Tag::parse("v1").unwrap()));
        assert_eq!(r.to_string(), "team/app:v1");
        let r = ImageReference::parse_full(&format!("team/app@{d}")).unwrap();
        assert_eq!(r.reference, Reference::Digest(Digest::parse(&d).unwrap()));
        assert_eq!(r.to_string(), format!("team/app@{d}"));
        // A tag is never implied.
        assert_eq!(ImageReference::parse("team/app").unwrap().1, None);
        assert_eq!(
            ImageReference::parse_full("team/app"),
            Err(ReferenceError::EmptyTag)
        );
        assert_eq!(
            ImageReference::parse_full("team/app:"),
            Err(ReferenceError::EmptyTag)
        );
        assert!(matches!(
            ImageReference::parse_full("team/app@sha256:zz"),
            Err(ReferenceError::BadDigest(_))
        ));
        // A registry host with a port is not a tag: it fails as a name.
        assert!(matches!(
            ImageReference::parse_full("Host:5000/app"),
            Err(ReferenceError::BadNameComponent(_))
        ));
        assert!(matches!(
            ImageReference::parse_full("team/App:v1"),
            Err(ReferenceError::BadNameComponent(_))
        ));
    }
}
