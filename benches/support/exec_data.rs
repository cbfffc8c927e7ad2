//! The generated table of the engine benchmarks: `TimeGenerated` over 7 days, `Computer` with
//! 1,000 distinct values, `EventID` (int) from ten Windows event ids, `Account` like
//! `admin.42`, `Administrator.7`, `svc_backup.3`. Deterministic (a fixed-seed LCG).

#![allow(dead_code)]

use std::fmt::Write as _;

pub const START: &str = "2024-01-01T00:00:00Z";
const EVENT_IDS: [i64; 10] = [4624, 4625, 4634, 4648, 4672, 4688, 4720, 4740, 4768, 4776];
const NAMES: [&str; 5] = ["admin", "Administrator", "svc_backup", "jdoe", "guest"];

pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub struct Row {
    /// Ticks since the start.
    pub offset: i64,
    pub computer: String,
    pub event_id: i64,
    pub account: String,
}

pub fn rows(n: usize) -> impl Iterator<Item = Row> {
    let mut rng = Lcg::new(42);
    let week_seconds = 7 * 24 * 3600;
    (0..n).map(move |_| {
        let secs = rng.below(week_seconds) as i64;
        let ms = rng.below(1000) as i64;
        Row {
            offset: secs * 10_000_000 + ms * 10_000,
            computer: format!("HOST-{:04}.Contoso.com", rng.below(1000)),
            event_id: EVENT_IDS[rng.below(EVENT_IDS.len() as u64) as usize],
            account: format!(
                "{}.{}",
                NAMES[rng.below(NAMES.len() as u64) as usize],
                rng.below(100)
            ),
        }
    })
}

/// The rows as CSV text with a header.
pub fn csv(n: usize) -> String {
    let mut out = String::with_capacity(n * 64);
    out.push_str("TimeGenerated,Computer,EventID,Account\n");
    // 2024-01-01T00:00:00Z in ticks since the epoch.
    let base: i64 = 17_040_672_000_000_000;
    for r in rows(n) {
        let t = base + r.offset;
        let _ = writeln!(
            out,
            "{},{},{},{}",
            sentinel_lint::exec::value::format_datetime(t),
            r.computer,
            r.event_id,
            r.account
        );
    }
    out
}
