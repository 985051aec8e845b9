//! Content digests: parsed, computed over the exact bytes served, verified.

use sha2::{Digest as _, Sha256, Sha512};
use std::fmt;

/// Hash algorithms the registry uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    Sha256,
    Sha512,
}

impl Algorithm {
    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }
}

/// A validated content digest such as `sha256:<64 lowercase hex>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    algorithm: Algorithm,
    hex: String,
}

/// Why a string is not a digest.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DigestParseError {
    MissingAlgorithm,
    UnsupportedAlgorithm(String),
    BadHex,
}

impl Digest {
    /// Parse `algorithm:hex`. Only lowercase hex of the right length is accepted.
    pub fn parse(s: &str) -> Result<Self, DigestParseError> {
        let (alg, hex) = s
            .split_once(':')
            .ok_or(DigestParseError::MissingAlgorithm)?;
        let algorithm = match alg {
            "sha256" => Algorithm::Sha256,
            "sha512" => Algorithm::Sha512,
            other => return Err(DigestParseError::UnsupportedAlgorithm(other.to_string())),
        };
        if hex.len() != algorithm.hex_len()
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(DigestParseError::BadHex);
        }
        Ok(Digest {
            algorithm,
            hex: hex.to_string(),
        })
    }

    /// SHA-256 of the bytes exactly as served (never of re-serialised JSON).
    pub fn sha256_of(bytes: &[u8]) -> Self {
        Digest {
            algorithm: Algorithm::Sha256,
            hex: to_hex(&Sha256::digest(bytes)),
        }
    }

    /// The digest of `bytes` under this digest's own algorithm.
    pub fn compute_like(&self, bytes: &[u8]) -> Self {
        let hex = match self.algorithm {
            Algorithm::Sha256 => to_hex(&Sha256::digest(bytes)),
            Algorithm::Sha512 => to_hex(&Sha512::digest(bytes)),
        };
        Digest {
            algorithm: self.algorithm,
            hex,
        }
    }

    /// `Ok(())` when `bytes` hash to this digest, else the digest they have.
    pub fn verify(&self, bytes: &[u8]) -> Result<(), Digest> {
        let actual = self.compute_like(bytes);
        if &actual == self {
            Ok(())
        } else {
            Err(actual)
        }
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    pub fn hex(&self) -> &str {
        &self.hex
    }

    /// The first 12 hex digits, as `docker images` shows them.
    /// `sha256` or `sha512`.
    pub fn algorithm_name(&self) -> &'static str {
        self.algorithm.name()
    }

    pub fn short(&self) -> &str {
        &self.hex[..12]
    }

    /// The cosign-style tag that points at artifacts for this digest, e.g.
    /// `sha256-<hex>` (add `.sig`, `.att`, `.sbom`).
    pub fn tag_prefix(&self) -> String {
        format!("{}-{}", self.algorithm.name(), self.hex)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm.name(), self.hex)
    }
}

/// As its `algorithm:hex` text; read back only when it parses.
impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Digest::parse(&text).map_err(|e| serde::de::Error::custom(format!("{e:?}")))
    }
}

fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0xf) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const EMPTY: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn sha256_of_empty_input_is_the_well_known_value() {
        assert_eq!(Digest::sha256_of(b"").to_string(), EMPTY);
    }

    #[test]
    fn hashing_uses_bytes_as_served_not_reformatted_json() {
        let compact = br#"{"a":1}"#;
        let spaced = br#"{ "a": 1 }"#;
        assert_ne!(Digest::sha256_of(compact), Digest::sha256_of(spaced));
    }

    #[test]
    fn parse_accepts_valid_and_rejects_everything_else() {
        let d = Digest::parse(EMPTY).unwrap();
        assert_eq!(d.short(), "e3b0c44298fc");
        assert_eq!(d.tag_prefix(), format!("sha256-{}", &EMPTY[7..]));
        assert_eq!(
            Digest::parse("e3b0"),
            Err(DigestParseError::MissingAlgorithm)
        );
        assert_eq!(
            Digest::parse("md5:abc"),
            Err(DigestParseError::UnsupportedAlgorithm("md5".into()))
        );
        assert_eq!(Digest::parse("sha256:abc"), Err(DigestParseError::BadHex));
        let upper = EMPTY.to_uppercase().replace("SHA256", "sha256");
        assert_eq!(Digest::parse(&upper), Err(DigestParseError::BadHex));
        assert_eq!(Digest::parse(""), Err(DigestParseError::MissingAlgorithm));
    }

    #[test]
    fn verify_reports_the_actual_digest_on_mismatch() {
        let d = Digest::parse(EMPTY).unwrap();
        assert!(d.verify(b"").is_ok());
        let actual = d.verify(b"x").unwrap_err();
        assert_eq!(actual, Digest::sha256_of(b"x"));
    }

    #[test]
    fn sha512_digests_verify_with_sha512() {
        let d = Digest::sha256_of(b"abc");
        assert_eq!(d.algorithm(), Algorithm::Sha256);
        let hex512 = to_hex(&Sha512::digest(b"abc"));
        let d512 = Digest::parse(&format!("sha512:{hex512}")).unwrap();
        assert!(d512.verify(b"abc").is_ok());
    }
}
