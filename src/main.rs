fn main() -> std::process::ExitCode {
    medlint::cli::run(early::closed_streams())
}

/// Which standard streams were closed when the process started. The Rust runtime puts
/// `/dev/null` in place of a closed standard stream before `main` runs, so they are looked at
/// by a function the loader runs before it.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly",
    target_os = "illumos",
    target_os = "solaris",
    target_vendor = "apple",
))]
mod early {
    use medlint::cli::ClosedStreams;
    use std::sync::atomic::{AtomicU8, Ordering};

    static CLOSED: AtomicU8 = AtomicU8::new(0);

    extern "C" fn look() {
        for fd in 0..2 {
            // SAFETY: F_GETFD only asks whether the descriptor is open.
            if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
                CLOSED.fetch_or(1 << fd, Ordering::Relaxed);
            }
        }
    }

    #[used]
    #[cfg_attr(
        target_vendor = "apple",
        unsafe(link_section = "__DATA,__mod_init_func")
    )]
    #[cfg_attr(not(target_vendor = "apple"), unsafe(link_section = ".init_array"))]
    static LOOK: extern "C" fn() = look;

    pub fn closed_streams() -> ClosedStreams {
        let closed = CLOSED.load(Ordering::Relaxed);
        ClosedStreams {
            stdin: closed & 1 != 0,
            stdout: closed & 2 != 0,
        }
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly",
    target_os = "illumos",
    target_os = "solaris",
    target_vendor = "apple",
)))]
mod early {
    pub fn closed_streams() -> medlint::cli::ClosedStreams {
        medlint::cli::ClosedStreams::default()
    }
}
