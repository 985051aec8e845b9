//! Precompressed copies of the build's hashed assets, for servers that
//! send them as they are (nginx `brotli_static` and `gzip_static`): `.br`
//! (brotli, quality 11) and `.gz` (gzip, level 9) beside each `.wasm`,
//! `.js` and `.css` whose name carries Trunk's content hash. `index.html`
//! is left alone: `deploy/configure.sh` rewrites it where it is served,
//! and a stale copy would be sent instead.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file Trunk named by its content (`shipshape-<hex>_bg.wasm`,
/// `main-<hex>.css`): never changes under the same name. Trunk writes the
/// 64-bit hash in hex without leading zeros: 16 digits mostly, fewer one
/// build in sixteen (12 to 16 are taken).
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(bytes).expect("write to memory");
    }
    out
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("write to memory");
    enc.finish().expect("write to memory")
}

/// One file compressed: its size and its copies' sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compressed {
    pub file: PathBuf,
    pub bytes: u64,
    pub brotli: u64,
    pub gzip: u64,
}

/// Write `.br` and `.gz` beside every hashed asset in `dir` (not below it).
pub fn precompress_dir(dir: &Path) -> Result<Vec<Compressed>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !path.is_file() || !is_hashed_asset(name) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (br, gz) = (brotli(&bytes), gzip(&bytes));
        for (suffix, data) in [("br", &br), ("gz", &gz)] {
            let target = path.with_file_name(format!("{name}.{suffix}"));
            std::fs::write(&target, data).map_err(|e| format!("{}: {e}", target.display()))?;
        }
        out.push(Compressed {
            file: path,
            bytes: bytes.len() as u64,
            brotli: br.len() as u64,
            gzip: gz.len() as u64,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn only_content_named_assets_are_compressed() {
        assert!(is_hashed_asset("shipshape-d857db822d600245_bg.wasm"));
        assert!(is_hashed_asset("shipshape-d857db822d600245.js"));
        assert!(is_hashed_asset("main-c3300deece3ce78a.css"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("config.json"));
        assert!(!is_hashed_asset("main.css"));
        // A hash with a leading zero, as Trunk prints it.
        assert!(is_hashed_asset("shipshape-2d98681e7d93914.js"));
        assert!(!is_hashed_asset("main-c3300de.css"));
        assert!(!is_hashed_asset("shipshape-d857db822d600245_bg.wasm.br"));
    }

    #[test]
    fn copies_decompress_to_the_original() {
        let dir = std::env::temp_dir().join(format!("shipshape-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let original: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), &original).unwrap();
        std::fs::write(dir.join("index.html"), b"<html></html>").unwrap();
        let done = precompress_dir(&dir).unwrap();
        assert_eq!(done.len(), 1);
        assert!(
            done[0].brotli < done[0].gzip && done[0].gzip < done[0].bytes,
            "{done:?}"
        );
        let br = std::fs::read(dir.join("app-0123456789abcdef_bg.wasm.br")).unwrap();
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        let gz = std::fs::read(dir.join("app-0123456789abcdef_bg.wasm.gz")).unwrap();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        assert!(!dir.join("index.html.br").exists() && !dir.join("index.html.gz").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
