fn main() {
    shipshape::crash::install();
    shipshape::app::start();
}
