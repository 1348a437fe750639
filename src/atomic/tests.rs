//! The writer: inputs refused by any name, links kept, devices written in place, stale
//! temporary files removed.

use super::*;
use std::time::{Duration, SystemTime};

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn a_regular_file_is_replaced_whole() {
    let d = dir();
    let target = d.path().join("out.txt");
    std::fs::write(&target, "old").expect("write");
    write_file(&target, &Inputs::default(), b"new").expect("writes");
    assert_eq!(std::fs::read(&target).expect("read"), b"new");
    let names: Vec<_> = std::fs::read_dir(d.path()).expect("dir").collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn an_input_is_refused_by_any_name() {
    let d = dir();
    let capture = d.path().join("cap.ndjson");
    std::fs::write(&capture, "{}\n").expect("write");
    let hard = d.path().join("hard.ndjson");
    std::fs::hard_link(&capture, &hard).expect("hard link");
    let soft = d.path().join("soft.ndjson");
    std::os::unix::fs::symlink(&capture, &soft).expect("symlink");
    let inputs = crate::notes::inputs_of(std::slice::from_ref(&soft));
    let spelled = d.path().join("sub/../cap.ndjson");
    std::fs::create_dir(d.path().join("sub")).expect("sub");
    for target in [&capture, &hard, &soft, &spelled] {
        let e = write_file(target, &inputs, b"export").expect_err("refused");
        assert!(
            e.to_string().contains("same file as the input capture"),
            "{e}"
        );
    }
    assert_eq!(std::fs::read(&capture).expect("read"), b"{}\n");
    // Its notes file too.
    let notes = crate::notes::sidecar_path(&soft);
    std::fs::write(&notes, "{}").expect("notes");
    let inputs = crate::notes::inputs_of(std::slice::from_ref(&soft));
    let e = write_file(&notes, &inputs, b"x").expect_err("refused");
    assert!(e.to_string().contains("notes file"), "{e}");
}

#[cfg(unix)]
#[test]
fn through_a_link_the_file_it_points_to_is_replaced() {
    let d = dir();
    let real = d.path().join("real.svg");
    std::fs::write(&real, "old").expect("write");
    let link = d.path().join("link.svg");
    std::os::unix::fs::symlink("real.svg", &link).expect("symlink");
    write_file(&link, &Inputs::default(), b"new").expect("writes");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).expect("read"), b"new");
    // A link to a file not there yet creates that file.
    let dangling = d.path().join("dangling.svg");
    std::os::unix::fs::symlink("later.svg", &dangling).expect("symlink");
    write_file(&dangling, &Inputs::default(), b"later").expect("writes");
    assert_eq!(
        std::fs::read(d.path().join("later.svg")).expect("read"),
        b"later"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_written_in_place_and_their_errors_reported() {
    use std::os::unix::fs::FileTypeExt;
    write_file(Path::new("/dev/null"), &Inputs::default(), b"x").expect("writes");
    let kind = std::fs::metadata("/dev/null").expect("meta").file_type();
    assert!(kind.is_char_device(), "/dev/null stays a device");
    let e = write_file(Path::new("/dev/full"), &Inputs::default(), b"x").expect_err("full");
    assert_eq!(e.raw_os_error(), Some(28), "{e}");
}

#[test]
fn a_stale_temporary_file_of_the_target_is_removed_on_the_next_write() {
    let d = dir();
    let target = d.path().join("out.svg");
    let stale = d.path().join(".out.svg.callflow-tmp-AbC123xy");
    let fresh = d.path().join(".out.svg.callflow-tmp-Fresh123");
    let other = d.path().join(".other.svg.callflow-tmp-AbC123xy");
    for p in [&stale, &fresh, &other] {
        std::fs::write(p, "half").expect("write");
    }
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for p in [&stale, &other] {
        let f = File::options().write(true).open(p).expect("open");
        f.set_modified(hour_ago).expect("mtime");
    }
    write_file(&target, &Inputs::default(), b"svg").expect("writes");
    assert!(!stale.exists(), "the killed writer's file is gone");
    assert!(fresh.exists(), "one that may still be in use stays");
    assert!(other.exists(), "another target's stays");
}

#[test]
fn a_held_temporary_file_is_not_removed() {
    let d = dir();
    let target = d.path().join("out.svg");
    let held = stale::create(d.path(), std::ffi::OsStr::new("out.svg")).expect("temp");
    let f = File::options().write(true).open(held.path()).expect("open");
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .expect("mtime");
    write_file(&target, &Inputs::default(), b"svg").expect("writes");
    assert!(held.path().exists(), "a running writer's file stays");
}
