//! A cosign signature: what it claims (the signed digest, the repository
//! it was signed for, the signer's own claims) and how it was made. Said
//! first and plainly: Shipshape does not verify signatures.

use crate::components::awaited::Awaited;
use crate::components::long_text::Identifier;
use crate::i18n::artifacts as words;
use crate::registry::artifact::certificate::{
    read_certificate, CertificateError, CertificateIdentity,
};
use crate::registry::artifact::{
    ArtifactKind, SignatureMarks, SimpleSigning, Unreadable, COSIGN_CERTIFICATE_ANNOTATION,
};
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::manifest::ImageManifest;
use crate::registry::reference::{Reference, RepositoryName};
use crate::repo::Repo;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// The signature's payload and marks.
#[component]
pub fn SignatureView(
    /// The repository.
    name: RepositoryName,
    /// The signature's manifest.
    manifest: ImageManifest,
    /// The page's transport.
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let layers: Vec<_> = ArtifactKind::Signature
        .content_layers(&manifest)
        .into_iter()
        .cloned()
        .collect();
    let marks = layers.first().map(SignatureMarks::of).unwrap_or_default();
    let certificate = layers
        .first()
        .and_then(|l| l.annotations.get(COSIGN_CERTIFICATE_ANNOTATION))
        .filter(|pem| !pem.is_empty())
        .map(|pem| read_certificate(pem));
    let payload_digest = StoredValue::new(layers.first().and_then(|l| l.digest.valid().cloned()));
    let repo = Repo::new(name.clone(), session.registry(), transport);
    let payload = LocalResource::new(move || {
        let ((name, registry, transport), digest) = (repo.parts(), payload_digest.get_value());
        async move {
            let Some(digest) = digest else {
                return Ok(None);
            };
            let bytes = registry.get_blob(&transport, &name, &digest).await?;
            Ok::<_, RegistryError>(Some(SimpleSigning::parse(&bytes)))
        }
    });
    let name = StoredValue::new(name);
    view! {
        <section class="section" data-testid="signature">
            <h2>{session.t(words::SIGNATURE)}</h2>
            <p class="notice warn" data-testid="not-verified">{session.t(words::NOT_VERIFIED)}</p>
            <Awaited resource=payload loading=words::READING_SIGNATURE ok={move |p: Option<Result<SimpleSigning, Unreadable>>| match p {
                Some(Ok(payload)) => view! { <Payload name=name.get_value() payload/> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="notice warn" data-testid="document-error">
                        {move || words::document_error(session.lang.get(), &crate::registry::artifact::document::DocumentError::Malformed { detail: e.detail.clone() })}
                    </p>
                }.into_any(),
                None => ().into_any(),
            }}/>
            <h3>{session.t(words::HOW_SIGNED)}</h3>
            <ul class="plain" data-testid="signature-marks">
                {(!marks.has_signature).then(|| view! { <li>{session.t(words::NO_SIGNATURE_VALUE)}</li> })}
                <li>{session.t(if marks.has_certificate { words::WITH_CERTIFICATE } else { words::WITH_KEY })}</li>
                {marks.has_bundle.then(|| view! { <li>{session.t(words::WITH_BUNDLE)}</li> })}
            </ul>
            {certificate.map(|c| view! { <Certificate read=c/> })}
        </section>
    }
}

/// The simple-signing payload's claims.
#[component]
fn Payload(
    /// The repository, for the link to the signed image.
    name: RepositoryName,
    /// What was signed.
    payload: SimpleSigning,
) -> impl IntoView {
    let session = Session::expect();
    let signed = payload
        .signed_digest
        .clone()
        .map(|d| match Digest::parse(&d) {
            Ok(digest) => {
                let href = AppRoute::Image(name.clone(), Reference::Digest(digest)).href();
                view! { <A href=href attr:class="mono" attr:data-testid="signed-digest">{d}</A> }
                    .into_any()
            }
            Err(_) => {
                view! { <span class="mono" data-testid="signed-digest">{d}</span> }.into_any()
            }
        });
    let has_claims = !payload.claims.is_empty();
    let claims = payload
        .claims
        .into_iter()
        .map(|(k, v)| view! { <tr data-testid="signature-claim"><td class="mono">{k}</td><td class="mono">{v}</td></tr> })
        .collect_view();
    view! {
        <dl class="facts">
            {signed.map(|s| view! { <dt>{session.t(words::SIGNED_DIGEST)}</dt><dd>{s}</dd> })}
            {payload.docker_reference.map(|r| view! {
                <dt>{session.t(words::SIGNED_FOR)}</dt><dd class="mono" data-testid="signed-for">{r}</dd>
            })}
            {payload.kind.map(|k| view! { <dt>{session.t(words::SIGNATURE_TYPE)}</dt><dd class="mono">{k}</dd> })}
        </dl>
        {has_claims.then(|| view! {
            <h3>{session.t(words::CLAIMS)}</h3>
            <div class="table-wrap"><table class="data"><tbody>{claims}</tbody></table></div>
        })}
    }
}

/// What the keyless signature's certificate claims (its names and OIDC
/// issuer), as text, said not to be verified.
#[component]
fn Certificate(
    /// The certificate as read, or why not.
    read: Result<CertificateIdentity, CertificateError>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let body = match read {
        Ok(id) => {
            let no_names = id.names.is_empty();
            let names = id
                .names
                .into_iter()
                .map(|(kind, name)| {
                    view! {
                        <dt>{session.t(words::CERT_SIGNER)} " (" {move || words::name_kind(lang.get(), kind)} ")"</dt>
                        <dd class="mono" data-testid="cert-name"><Identifier text=name/></dd>
                    }
                })
                .collect_view();
            view! {
                <dl class="facts">
                    {names}
                    {id.oidc_issuer.map(|i| view! {
                        <dt>{session.t(words::CERT_ISSUER)}</dt>
                        <dd class="mono" data-testid="cert-issuer"><Identifier text=i/></dd>
                    })}
                </dl>
                {no_names.then(|| view! { <p class="muted">{session.t(words::CERT_NO_NAMES)}</p> })}
            }
            .into_any()
        }
        Err(e) => view! {
            <p class="notice warn" data-testid="cert-error">{move || words::certificate_error(lang.get(), &e)}</p>
        }
        .into_any(),
    };
    view! {
        <div data-testid="certificate">
            <h3>{session.t(words::CERT_IDENTITY)}</h3>
            <p class="notice warn" data-testid="cert-not-verified">{session.t(words::CERT_NOT_VERIFIED)}</p>
            {body}
        </div>
    }
}
