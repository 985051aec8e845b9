//! `shipshape-csp [DIR]`: write the Content-Security-Policy into
//! `DIR/index.html` (default: Trunk's `$TRUNK_STAGING_DIR`), then brotli
//! and gzip copies of the hashed assets (one program: Trunk runs the hooks
//! of a stage at the same time). Extra `connect-src` sources come from
//! `SHIPSHAPE_CONNECT_SRC`.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .unwrap_or_else(|| "dist".into());
    let extra: Vec<String> = std::env::var("SHIPSHAPE_CONNECT_SRC")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    match shipshape_csp::stamp_dir(std::path::Path::new(&dir), &extra) {
        Ok(policy) => println!("shipshape-csp: {dir}/index.html: {policy}"),
        Err(e) => {
            eprintln!("shipshape-csp: {e}");
            std::process::exit(1);
        }
    }
    match shipshape_csp::compress::precompress_dir(std::path::Path::new(&dir)) {
        Ok(done) => {
            for c in done {
                println!(
                    "shipshape-csp: {}: {} bytes, brotli {}, gzip {}",
                    c.file.display(),
                    c.bytes,
                    c.brotli,
                    c.gzip
                );
            }
        }
        Err(e) => {
            eprintln!("shipshape-csp: precompressing: {e}");
            std::process::exit(1);
        }
    }
}
