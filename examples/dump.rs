use callflow::{calls::*, ingest, store::Store};
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let mut store = Store::new();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    let doc = calls_json(&store, &set, &set.calls);
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
    for c in &set.calls {
        for s in story(&store, &set, c) {
            println!("{}", s.text);
        }
    }
}
