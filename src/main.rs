fn main() -> std::process::ExitCode {
    medlint::cli::run()
}
