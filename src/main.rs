fn main() {
    std::process::exit(byline::run());
}
