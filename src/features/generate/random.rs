//! Random numbers: SplitMix64 (shared with the evaluation) and the generator's xoshiro256** streams
//! seeded by it, with integer draws only.

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny PRNG with a fixed definition, so that a seed gives
/// the same numbers in every version and on every platform. It seeds the generator's xoshiro256**
/// streams and draws the evaluation's splits (`crate::features::evaluation`).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle (each index by `next_u64() % (i + 1)`, as the evaluation always drew).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// xoshiro256**: the generator's random numbers, one independent stream per part.
pub(super) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// An independent stream for each part of the generation, so that a change in one part leaves the
    /// others' draws alone.
    pub(super) fn new(seed: u64, stream: u64) -> Self {
        let mut seeder = SplitMix64::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng {
            s: [
                seeder.next_u64(),
                seeder.next_u64(),
                seeder.next_u64(),
                seeder.next_u64(),
            ],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (`n > 0`), by the multiply-shift method.
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `per_mille / 1000`.
    pub(super) fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    /// An index drawn with the given integer weights (not all zero).
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut target = self.below(total as usize) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if target < u64::from(w) {
                return i;
            }
            target -= u64::from(w);
        }
        weights.len() - 1
    }

    /// Successes before the first failure, each with probability `per_mille / 1000`, at most `cap`.
    pub(super) fn geometric(&mut self, per_mille: u32, cap: u32) -> u32 {
        let mut k = 0;
        while k < cap && self.chance(per_mille) {
            k += 1;
        }
        k
    }
}
