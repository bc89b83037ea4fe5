use std::cell::Cell;

// mimalloc: rendering thousands of pages on every core is allocation-heavy.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Seeds for aHash maps from a counter per thread. Tera keeps template values in aHash
/// maps, several new ones per template call, and aHash's default source is one counter
/// for the whole process: with every core rendering, its cache line bounced between
/// them for a few per cent of a large build.
struct ThreadSeeds;

impl ahash::random_state::RandomSource for ThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local!(static SEED: Cell<usize> = const { Cell::new(0) });
        SEED.with(|seed| {
            // Steps by the cell's own address: distinct per thread, and per process (ASLR).
            let next = seed.get().wrapping_add(seed as *const Cell<usize> as usize);
            seed.set(next);
            next
        })
    }
}

fn main() {
    // Fails only if a map was made before this line; none is.
    let _ = ahash::random_state::set_random_source(ThreadSeeds);
    std::process::exit(byline::run());
}
