//! The signer's identity a cosign keyless signature names: the
//! certificate in the `dev.sigstore.cosign/certificate` annotation (PEM),
//! read only for what it claims: its subject alternative names (the
//! e-mail address or workflow URI of the signer) and the OIDC issuer
//! Fulcio wrote into it (`1.3.6.1.4.1.57264.1.8`, else the older
//! `…1.1`). Nothing is verified: not the certificate's chain, its dates,
//! nor that it signed anything. The DER is walked by hand, bounded: at
//! most [`MAX_PEM`] bytes of PEM, [`MAX_NAMES`] names of at most
//! [`MAX_TEXT`] characters each.

use super::document::base64_decode;

/// The longest annotation read.
pub const MAX_PEM: usize = 64 * 1024;
/// Subject alternative names kept at most.
pub const MAX_NAMES: usize = 10;
/// Characters kept of a name or the issuer.
pub const MAX_TEXT: usize = 500;

const OID_SAN: &[u8] = &[0x55, 0x1D, 0x11];
const OID_ISSUER_V1: &[u8] = &[0x2B, 0x06, 0x01, 0x04, 0x01, 0x83, 0xBF, 0x30, 0x01, 0x01];
const OID_ISSUER_V2: &[u8] = &[0x2B, 0x06, 0x01, 0x04, 0x01, 0x83, 0xBF, 0x30, 0x01, 0x08];

/// Which kind of subject alternative name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Email,
    Uri,
    Dns,
}

/// What the certificate claims about who signed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertificateIdentity {
    pub names: Vec<(NameKind, String)>,
    pub oidc_issuer: Option<String>,
}

/// Why the certificate was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateError {
    TooLarge {
        size: usize,
        limit: usize,
    },
    NotPem,
    BadBase64,
    /// The DER is not a certificate where `at` says.
    BadDer {
        at: &'static str,
    },
}

/// One DER element: tag, content, what follows.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The elements of a constructed value's content.
fn elements(mut content: &[u8]) -> impl Iterator<Item = Option<(u8, &[u8])>> {
    std::iter::from_fn(move || {
        if content.is_empty() {
            return None;
        }
        match element(content) {
            Some((tag, value, rest)) => {
                content = rest;
                Some(Some((tag, value)))
            }
            None => {
                content = &[];
                Some(None)
            }
        }
    })
}

/// Registry text made safe to show: no control characters, cut.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect()
}

/// Read the first certificate of a PEM text.
pub fn read_certificate(pem: &str) -> Result<CertificateIdentity, CertificateError> {
    if pem.len() > MAX_PEM {
        return Err(CertificateError::TooLarge {
            size: pem.len(),
            limit: MAX_PEM,
        });
    }
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let start = pem.find(BEGIN).ok_or(CertificateError::NotPem)? + BEGIN.len();
    let end = start + pem[start..].find(END).ok_or(CertificateError::NotPem)?;
    let body: String = pem[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64_decode(&body).ok_or(CertificateError::BadBase64)?;
    read_der(&der)
}

fn read_der(der: &[u8]) -> Result<CertificateIdentity, CertificateError> {
    let bad = |at| CertificateError::BadDer { at };
    let (tag, cert, _) = element(der).ok_or(bad("certificate"))?;
    let (tbs_tag, tbs, _) = element(cert).ok_or(bad("tbsCertificate"))?;
    if tag != 0x30 || tbs_tag != 0x30 {
        return Err(bad("certificate"));
    }
    let mut identity = CertificateIdentity::default();
    let mut v1_issuer = None;
    for part in elements(tbs) {
        let (tag, value) = part.ok_or(bad("tbsCertificate"))?;
        if tag != 0xA3 {
            continue;
        }
        let (_, list, _) = element(value).ok_or(bad("extensions"))?;
        for ext in elements(list) {
            let (_, ext) = ext.ok_or(bad("extension"))?;
            let mut fields = elements(ext).map_while(|f| f);
            let Some((0x06, oid)) = fields.next() else {
                return Err(bad("extension"));
            };
            let Some((_, octets)) = fields.find(|(t, _)| *t == 0x04) else {
                return Err(bad("extension"));
            };
            if oid == OID_SAN {
                let (_, names, _) = element(octets).ok_or(bad("subjectAltName"))?;
                for name in elements(names) {
                    let (tag, value) = name.ok_or(bad("subjectAltName"))?;
                    let kind = match tag {
                        0x81 => NameKind::Email,
                        0x82 => NameKind::Dns,
                        0x86 => NameKind::Uri,
                        _ => continue,
                    };
                    if identity.names.len() < MAX_NAMES {
                        identity.names.push((kind, text(value)));
                    }
                }
            } else if oid == OID_ISSUER_V2 {
                let (_, value, _) = element(octets).ok_or(bad("issuer (v2)"))?;
                identity.oidc_issuer = Some(text(value));
            } else if oid == OID_ISSUER_V1 {
                v1_issuer = Some(text(octets));
            }
        }
    }
    if identity.oidc_issuer.is_none() {
        identity.oidc_issuer = v1_issuer;
    }
    Ok(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: &str = include_str!("testdata/fulcio-like-github.pem");
    const EMAIL: &str = include_str!("testdata/fulcio-like-email.pem");

    #[test]
    fn reads_the_workflow_uri_or_email_and_the_oidc_issuer() {
        // Made by `openssl req -x509` with Fulcio's extensions.
        let id = read_certificate(GITHUB).unwrap();
        assert_eq!(
            id.names,
            [(
                NameKind::Uri,
                "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main".into()
            )]
        );
        assert_eq!(
            id.oidc_issuer.as_deref(),
            Some("https://token.actions.githubusercontent.com")
        );
        let id = read_certificate(EMAIL).unwrap();
        assert_eq!(id.names, [(NameKind::Email, "dev@example.com".into())]);
        assert_eq!(
            id.oidc_issuer.as_deref(),
            Some("https://accounts.google.com")
        );
    }

    #[test]
    fn hostile_certificates_are_refused_not_trusted() {
        assert_eq!(read_certificate("hello"), Err(CertificateError::NotPem));
        assert_eq!(
            read_certificate("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"),
            Err(CertificateError::BadBase64)
        );
        assert!(matches!(
            read_certificate(&"A".repeat(MAX_PEM + 1)),
            Err(CertificateError::TooLarge { .. })
        ));
        // Cut anywhere: an error, never a panic.
        let der = {
            let start = GITHUB.find("-----\n").unwrap() + 6;
            let end = GITHUB.find("-----END").unwrap();
            base64_decode(&GITHUB[start..end].replace('\n', "")).unwrap()
        };
        for n in 0..der.len() {
            let _ = read_der(&der[..n]);
        }
        // A length that claims more than there is.
        assert!(read_der(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]).is_err());
        // Control characters are dropped, text is cut.
        assert_eq!(text(b"a\x1b[31mb\n"), "a[31mb");
        assert_eq!(text("x".repeat(2000).as_bytes()).len(), MAX_TEXT);
    }
}
