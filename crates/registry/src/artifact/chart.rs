//! A Helm chart archive (`.tgz`) read in the page: only the chart's own
//! `README` and `values.yaml`, with every byte expanded counted. The
//! archive is refused when it is bigger than [`MAX_COMPRESSED`], or when
//! finding those files would mean expanding more than [`MAX_EXPANDED`] (a
//! gzip of zeros is about a thousandth of what it expands to); a file is
//! cut at [`MAX_FILE`]. Reading stops as soon as both files are in.

use flate2::read::MultiGzDecoder;
use std::io::Read;

/// The largest chart archive read (Helm's own charts are kilobytes).
pub const MAX_COMPRESSED: u64 = 4 * 1024 * 1024;
/// The most bytes expanded while looking for the files.
pub const MAX_EXPANDED: u64 = 16 * 1024 * 1024;
/// The most of one file kept as text.
pub const MAX_FILE: u64 = 512 * 1024;

/// A file taken from the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartFile {
    /// Its path in the archive, e.g. `mychart/values.yaml`.
    pub path: String,
    pub text: String,
    /// Its size in the archive; more than `text` holds when `cut`.
    pub size: u64,
    pub cut: bool,
}

/// What the archive holds that the page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartFiles {
    pub readme: Option<ChartFile>,
    pub values: Option<ChartFile>,
}

/// Why the archive was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartError {
    /// The archive is bigger than `limit` bytes (by its descriptor or as
    /// served).
    TooLarge { size: u64, limit: u64 },
    /// Finding the files needed more than `limit` bytes expanded.
    ExpandsTooFar { limit: u64 },
    /// The archive does not start with a gzip header.
    NoGzipHeader,
    /// The gzip stream is broken: what the decoder said.
    NotGzip { detail: String },
    /// The tar inside is broken: where and how.
    BadTar { offset: u64, flaw: TarFlaw },
}

/// How a tar stream is broken ([`ChartError::BadTar`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TarFlaw {
    /// The stream ends inside a 512-byte block.
    EndsInsideBlock,
    /// The stream ends inside a file's data.
    EndsInsideFile,
    /// A header's checksum is wrong.
    Checksum,
    /// A header's size field is not a number.
    Size,
}

/// The decompressed stream with its count of expanded bytes.
struct Expanding<R> {
    inner: R,
    expanded: u64,
}

impl<R: Read> Expanding<R> {
    /// Reads exactly `buf.len()` bytes; `Ok(false)` at a clean end before
    /// the first byte.
    fn fill(&mut self, buf: &mut [u8]) -> Result<bool, ChartError> {
        let mut got = 0;
        while got < buf.len() {
            if self.expanded >= MAX_EXPANDED {
                return Err(ChartError::ExpandsTooFar {
                    limit: MAX_EXPANDED,
                });
            }
            let room = (MAX_EXPANDED - self.expanded).min((buf.len() - got) as u64) as usize;
            let n =
                self.inner
                    .read(&mut buf[got..got + room])
                    .map_err(|e| ChartError::NotGzip {
                        detail: e.to_string(),
                    })?;
            if n == 0 {
                if got == 0 {
                    return Ok(false);
                }
                return Err(ChartError::BadTar {
                    offset: self.expanded,
                    flaw: TarFlaw::EndsInsideBlock,
                });
            }
            got += n;
            self.expanded += n as u64;
        }
        Ok(true)
    }

    /// Reads `n` bytes, keeping at most `keep` of them.
    fn take(&mut self, n: u64, keep: u64) -> Result<Vec<u8>, ChartError> {
        let mut kept = Vec::with_capacity(n.min(keep) as usize);
        let mut left = n;
        let mut chunk = [0u8; 8192];
        while left > 0 {
            let k = left.min(chunk.len() as u64) as usize;
            if !self.fill(&mut chunk[..k])? {
                return Err(ChartError::BadTar {
                    offset: self.expanded,
                    flaw: TarFlaw::EndsInsideFile,
                });
            }
            let room = (keep as usize).saturating_sub(kept.len()).min(k);
            kept.extend_from_slice(&chunk[..room]);
            left -= k as u64;
        }
        Ok(kept)
    }
}

/// A tar header's text field: up to the first NUL.
fn field(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// A tar number: octal text, or base-256 when the first byte's high bit is set.
fn number(b: &[u8]) -> Option<u64> {
    if b.first().is_some_and(|c| c & 0x80 != 0) {
        let mut v: u64 = u64::from(b[0] & 0x7f);
        for &c in &b[1..] {
            v = v.checked_mul(256)?.checked_add(u64::from(c))?;
        }
        return Some(v);
    }
    let text = field(b);
    let t = text.trim_matches(|c: char| c == ' ' || c == '\0');
    if t.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(t, 8).ok()
}

/// The `path=` record of a PAX extended header.
fn pax_path(records: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(records);
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let (len, _) = rest.split_once(' ')?;
        let n: usize = len.parse().ok()?;
        let record = rest.get(..n)?;
        rest = &rest[n..];
        let (_, kv) = record.split_once(' ')?;
        if let Some(path) = kv.trim_end_matches('\n').strip_prefix("path=") {
            return Some(path.to_string());
        }
    }
    None
}

/// Which file of the chart a path is: its own README or values.yaml (one
/// folder deep: `<chart>/values.yaml`; a subchart's are not it).
enum Wanted {
    Readme,
    Values,
}

fn wanted(path: &str) -> Option<Wanted> {
    let path = path.trim_start_matches("./");
    let (dir, file) = path.split_once('/')?;
    if dir.is_empty() || file.contains('/') {
        return None;
    }
    if file == "values.yaml" {
        Some(Wanted::Values)
    } else if file.to_ascii_lowercase().starts_with("readme") {
        Some(Wanted::Readme)
    } else {
        None
    }
}

/// The chart's README and values.yaml from its archive, as bounded above.
pub fn chart_files(archive: &[u8]) -> Result<ChartFiles, ChartError> {
    if archive.len() as u64 > MAX_COMPRESSED {
        return Err(ChartError::TooLarge {
            size: archive.len() as u64,
            limit: MAX_COMPRESSED,
        });
    }
    if !archive.starts_with(&[0x1f, 0x8b]) {
        return Err(ChartError::NoGzipHeader);
    }
    let mut tar = Expanding {
        inner: MultiGzDecoder::new(archive),
        expanded: 0,
    };
    let mut out = ChartFiles::default();
    let mut long_name: Option<String> = None;
    let mut header = [0u8; 512];
    loop {
        if out.readme.is_some() && out.values.is_some() {
            return Ok(out);
        }
        let at = tar.expanded;
        if !tar.fill(&mut header)? || header.iter().all(|&b| b == 0) {
            // The end (two zero blocks, or a stream without them).
            return Ok(out);
        }
        let bad = |flaw| ChartError::BadTar { offset: at, flaw };
        let sum: u32 = header
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u32::from(b)
                }
            })
            .sum();
        if number(&header[148..156]) != Some(u64::from(sum)) {
            return Err(bad(TarFlaw::Checksum));
        }
        let size = number(&header[124..136]).ok_or_else(|| bad(TarFlaw::Size))?;
        let padded = size.div_ceil(512) * 512;
        let typeflag = header[156];
        let mut path = field(&header[0..100]);
        if &header[257..262] == b"ustar" {
            let prefix = field(&header[345..500]);
            if !prefix.is_empty() {
                path = format!("{prefix}/{path}");
            }
        }
        match typeflag {
            // GNU long name, PAX extended header: the next entry's path.
            b'L' | b'x' => {
                let data = tar.take(padded, size.min(64 * 1024))?;
                let name = if typeflag == b'L' {
                    Some(field(&data))
                } else {
                    pax_path(&data)
                };
                long_name = name.or(long_name);
            }
            b'0' | 0 | b'7' => {
                let path = long_name.take().unwrap_or(path);
                match wanted(&path) {
                    Some(which) => {
                        let slot = match which {
                            Wanted::Readme => &mut out.readme,
                            Wanted::Values => &mut out.values,
                        };
                        let data = tar.take(padded, size.min(MAX_FILE))?;
                        if slot.is_none() {
                            *slot = Some(ChartFile {
                                path,
                                text: String::from_utf8_lossy(&data).into_owned(),
                                size,
                                cut: size > MAX_FILE,
                            });
                        }
                    }
                    None => {
                        tar.take(padded, 0)?;
                    }
                }
            }
            _ => {
                long_name = None;
                tar.take(padded, 0)?;
            }
        }
    }
}
