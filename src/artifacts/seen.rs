//! The SBOMs read in this tab, for "which other images contain this
//! package": each image's packages (as read, capped by the core) kept in
//! memory while the tab lives, at most [`MAX_SEEN`] images, the oldest
//! forgotten first. Nothing is fetched for it: it answers over what the
//! pages have read.

use crate::registry::artifact::document::Package;
use crate::registry::digest::Digest;
use crate::registry::reference::RepositoryName;
use std::cell::RefCell;

/// Images remembered at most.
pub const MAX_SEEN: usize = 50;

/// One image's SBOM packages.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenSbom {
    pub name: RepositoryName,
    pub digest: Digest,
    pub packages: Vec<Package>,
}

/// An image whose SBOM lists a matching package.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub name: RepositoryName,
    pub digest: Digest,
    /// The first matching package.
    pub package: Package,
    /// How many of its packages match.
    pub matching: usize,
}

/// What has been read, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    images: Vec<SeenSbom>,
}

impl Seen {
    /// Keep an image's packages (added to what it had when it has several
    /// SBOMs), forgetting the oldest image past [`MAX_SEEN`].
    pub fn remember(&mut self, name: &RepositoryName, digest: &Digest, packages: &[Package]) {
        match self
            .images
            .iter_mut()
            .find(|s| &s.name == name && &s.digest == digest)
        {
            Some(s) => {
                for p in packages {
                    if !s.packages.contains(p) {
                        s.packages.push(p.clone());
                    }
                }
            }
            None => {
                self.images.push(SeenSbom {
                    name: name.clone(),
                    digest: digest.clone(),
                    packages: packages.to_vec(),
                });
                if self.images.len() > MAX_SEEN {
                    self.images.remove(0);
                }
            }
        }
    }

    /// Images other than `except` with a package `query` (lowercase)
    /// matches, and how many images were searched.
    pub fn images_with(
        &self,
        query: &str,
        except: (&RepositoryName, &Digest),
    ) -> (Vec<Hit>, usize) {
        let others: Vec<&SeenSbom> = self
            .images
            .iter()
            .filter(|s| (&s.name, &s.digest) != except)
            .collect();
        let hits = others
            .iter()
            .filter_map(|s| {
                let mut matching = s.packages.iter().filter(|p| p.matches(query));
                let first = matching.next()?.clone();
                Some(Hit {
                    name: s.name.clone(),
                    digest: s.digest.clone(),
                    package: first,
                    matching: 1 + matching.count(),
                })
            })
            .collect();
        (hits, others.len())
    }
}

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
}

/// Remember an image's SBOM packages for this tab.
pub fn remember(name: &RepositoryName, digest: &Digest, packages: &[Package]) {
    SEEN.with(|s| s.borrow_mut().remember(name, digest, packages));
}

/// [`Seen::images_with`] over this tab's SBOMs.
pub fn images_with(query: &str, except: (&RepositoryName, &Digest)) -> (Vec<Hit>, usize) {
    SEEN.with(|s| s.borrow().images_with(query, except))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(name: &str) -> Package {
        Package {
            name: name.into(),
            version: Some("1".into()),
            licence: None,
        }
    }

    #[test]
    fn other_images_with_a_package_and_the_oldest_forgotten() {
        let name = RepositoryName::parse("team/app").unwrap();
        let (a, b) = (Digest::sha256_of(b"a"), Digest::sha256_of(b"b"));
        let mut seen = Seen::default();
        seen.remember(&name, &a, &[pkg("openssl"), pkg("zlib")]);
        seen.remember(&name, &b, &[pkg("zlib"), pkg("zlib-dev")]);
        seen.remember(&name, &b, &[pkg("zlib")]);
        let (hits, searched) = seen.images_with("zlib", (&name, &a));
        assert_eq!(searched, 1);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].digest.clone(), hits[0].matching), (b.clone(), 2));
        assert!(seen.images_with("openssl", (&name, &a)).0.is_empty());
        assert_eq!(seen.images_with("openssl", (&name, &b)).0[0].digest, a);
        for i in 0..MAX_SEEN - 1 {
            seen.remember(&name, &Digest::sha256_of(&[i as u8, 1]), &[pkg("x")]);
        }
        assert_eq!(seen.images_with("openssl", (&name, &b)).1, MAX_SEEN - 1);
        assert!(
            seen.images_with("openssl", (&name, &b)).0.is_empty(),
            "a forgotten"
        );
    }
}
