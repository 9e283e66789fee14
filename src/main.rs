fn main() {
    std::process::exit(grayzone::cli::run());
}
