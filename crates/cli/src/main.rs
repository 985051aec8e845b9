fn main() {
    std::process::exit(shipshape_cli::run(std::env::args().collect()));
}
