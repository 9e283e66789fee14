//! The Python package (`python/`, a pyo3 wheel) and the Spark job (`examples/spark/`) against the
//! CLI, driven from here so `cargo test --release` runs them: tests/python/test_package.py (the
//! tables and summarize + judge equal the CLI's CSV cell for cell; types in Arrow, pandas, polars)
//! and tests/python/test_spark.py (the job in local mode on fixtures/team equals `grayzone team`).
//!
//! The interpreter is `GRAYZONE_PYTHON` (else `python3`) with the wheel built from this checkout
//! installed (`.ci/run` builds and installs it, with pyarrow, pandas, polars and pyspark). Where
//! the package or Spark is missing the test says so in one line and skips, except under
//! `GRAYZONE_REQUIRE_PYTHON_PACKAGE=1` / `GRAYZONE_REQUIRE_SPARK=1` (CI), where it fails.

use std::process::Command;

fn python() -> String {
    std::env::var("GRAYZONE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Whether `import MODULES` works; if not, says so once, or fails where `require` is set.
fn importable(
    modules: &str,
    require: &str,
    once: &'static std::sync::Once,
    skip_note: &str,
) -> bool {
    let ok = Command::new(python())
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os(require).is_none(),
            "{require} is set but `{} -c 'import {modules}'` fails",
            python()
        );
        crate::cli::note(once, skip_note);
    }
    ok
}

fn run_script(script: &str) {
    let out = Command::new(python())
        .arg(script)
        .env("GRAYZONE_BIN", env!("CARGO_BIN_EXE_grayzone"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_python_package_gives_the_cli_s_tables_typed_and_its_two_stages_the_same_verdicts() {
    static SAID: std::sync::Once = std::sync::Once::new();
    if !importable(
        "grayzone, pyarrow, pandas, polars",
        "GRAYZONE_REQUIRE_PYTHON_PACKAGE",
        &SAID,
        "the Python package test skips here: `pip install ./python pandas polars` to run it, in an active virtual environment or with GRAYZONE_PYTHON naming its python (CI does)",
    ) {
        return;
    }
    run_script("tests/python/test_package.py");
}

#[test]
fn the_spark_job_gives_grayzone_team_s_rows() {
    static SAID: std::sync::Once = std::sync::Once::new();
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !java
        || !importable(
            "grayzone, pyarrow, pyspark",
            "GRAYZONE_REQUIRE_SPARK",
            &SAID,
            "the Spark job test skips here: `pip install ./python pyspark` and a Java 17 runtime to run it, in an active virtual environment or with GRAYZONE_PYTHON naming its python (CI does)",
        )
    {
        assert!(
            java || std::env::var_os("GRAYZONE_REQUIRE_SPARK").is_none(),
            "GRAYZONE_REQUIRE_SPARK is set but `java -version` fails (apt install openjdk-17-jre-headless)"
        );
        if !java {
            crate::cli::note(
                &SAID,
                "the Spark job test skips here: no `java` (a Java 17 runtime; CI installs one)",
            );
        }
        return;
    }
    run_script("tests/python/test_spark.py");
}
