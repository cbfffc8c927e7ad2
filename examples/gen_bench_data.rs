//! Writes the engine benchmark table as CSV: `cargo run --release --example gen_bench_data --
//! DIR [ROWS]` creates `DIR/T.csv` (1,000,000 rows by default, about 58 MB), for
//! `sentinel-lint query run Q --data DIR`.

#[path = "../benches/support/exec_data.rs"]
mod exec_data;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "bench-data".into());
    let rows: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    std::fs::create_dir_all(&dir).expect("create the directory");
    let path = std::path::Path::new(&dir).join("T.csv");
    std::fs::write(&path, exec_data::csv(rows)).expect("write the file");
    println!("{}: {rows} rows", path.display());
}
