//! Prints how much of the Azure-Sentinel corpus the engine runs: every analytic rule and hunting
//! query over empty tables and over three synthetic rows per table, with the failures grouped
//! by cause. `cargo run --release --example corpus_run [CORPUS_DIR]`; the default corpus is
//! `../shared/corpus/azure-sentinel-2022-02`.

#[path = "../tests/support/corpus_run.rs"]
mod corpus_run;
#[path = "../tests/support/failure_cause.rs"]
mod failure_cause;

use std::path::PathBuf;

fn main() {
    let root = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => match corpus_run::corpus_root() {
            Some(root) => root,
            None => {
                eprintln!("no corpus: pass its directory (../shared/corpus is absent)");
                std::process::exit(2);
            }
        },
    };
    // `--worker PASS:FROM`: run one pass in this process (the supervisor below starts it), so
    // that a query that aborts the process is counted and the run goes on.
    let args: Vec<String> = std::env::args().collect();
    if let Ok(spec) = std::env::var(corpus_run::WORKER_ENV) {
        let scratch = std::env::var_os("CORPUS_RUN_SCRATCH").expect("CORPUS_RUN_SCRATCH");
        corpus_run::worker(&root, std::path::Path::new(&scratch), &spec);
        return;
    }
    let scratch = std::env::temp_dir().join(format!("corpus_run_data_{}", std::process::id()));
    let exe = std::env::current_exe().expect("this program");
    let worker_args: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let run = corpus_run::run_corpus(&root, &scratch, &exe, &worker_args);
    let _ = std::fs::remove_dir_all(&scratch);
    print!("{}", corpus_run::report(&run));
}
