fn main() {
    std::process::exit(grayzone::cmd::run());
}
