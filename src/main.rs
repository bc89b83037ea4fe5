// mimalloc: rendering thousands of pages on every core is allocation-heavy.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(byline::run());
}
