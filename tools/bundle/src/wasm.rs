//! The few facts about a WebAssembly binary the bundle needs: its sections,
//! custom sections dropped (names and producers: nothing the browser runs),
//! and the size of each function body by the crate that defined it.

/// A section: its id and where its contents lie in the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: u8,
    /// The whole section, id and size included.
    pub start: usize,
    pub contents: usize,
    pub end: usize,
}

/// An unsigned LEB128 at `at`: the value and where it ends.
pub fn leb(bytes: &[u8], mut at: usize) -> Result<(u64, usize), String> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        if shift > 63 {
            return Err("a number is too long".into());
        }
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
}

/// Every section of a module, in order.
pub fn sections(module: &[u8]) -> Result<Vec<Section>, String> {
    if module.len() < 8 || &module[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < module.len() {
        let start = at;
        let id = module[at];
        let (size, contents) = leb(module, at + 1)?;
        let end = contents
            .checked_add(size as usize)
            .filter(|&e| e <= module.len())
            .ok_or("a section runs past the end")?;
        out.push(Section {
            id,
            start,
            contents,
            end,
        });
        at = end;
    }
    Ok(out)
}

/// The module without its custom sections (`name`, `producers`,
/// `target_features`…): the same code, fewer bytes to send.
pub fn without_custom_sections(module: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = module[..8].to_vec();
    for s in sections(module)? {
        if s.id != 0 {
            out.extend_from_slice(&module[s.start..s.end]);
        }
    }
    Ok(out)
}

/// A name from the `name` section's function names, by function index.
fn function_names(module: &[u8], name_section: &Section) -> Result<Vec<(u64, String)>, String> {
    let (len, at) = leb(module, name_section.contents)?;
    let mut at = at + len as usize;
    let mut names = Vec::new();
    while at < name_section.end {
        let kind = module[at];
        let (size, body) = leb(module, at + 1)?;
        let next = body + size as usize;
        if kind == 1 {
            let (count, mut p) = leb(module, body)?;
            for _ in 0..count {
                let (index, q) = leb(module, p)?;
                let (len, q) = leb(module, q)?;
                let end = q + len as usize;
                let name = module.get(q..end).ok_or("a name runs past the end")?;
                names.push((index, String::from_utf8_lossy(name).into_owned()));
                p = end;
            }
        }
        at = next;
    }
    Ok(names)
}

/// How many functions the module imports (they come first in the index
/// space and have no body).
fn imported_functions(module: &[u8], import: &Section) -> Result<u64, String> {
    let (count, mut at) = leb(module, import.contents)?;
    let mut functions = 0;
    for _ in 0..count {
        for _ in 0..2 {
            let (len, p) = leb(module, at)?;
            at = p + len as usize;
        }
        let kind = *module.get(at).ok_or("an import runs past the end")?;
        at += 1;
        match kind {
            0 => {
                functions += 1;
                at = leb(module, at)?.1;
            }
            1 => {
                at += 1;
                at = limits(module, at)?;
            }
            2 => at = limits(module, at)?,
            3 => at += 2,
            4 => at = leb(module, at + 1)?.1,
            _ => return Err(format!("unknown import kind {kind}")),
        }
    }
    Ok(functions)
}

fn limits(module: &[u8], at: usize) -> Result<usize, String> {
    let flags = *module.get(at).ok_or("limits run past the end")?;
    let at = leb(module, at + 1)?.1;
    Ok(if flags & 1 == 1 {
        leb(module, at)?.1
    } else {
        at
    })
}

/// The crate a (mangled) Rust symbol belongs to: `shipshape`, `registry`,
/// `leptos`, `serde_json`…; `other` when the name does not say (C code
/// such as the allocator, or v0 mangling).
pub fn crate_of(symbol: &str) -> String {
    let Some(rest) = symbol.strip_prefix("_ZN") else {
        return "other".into();
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let Ok(len) = rest[..digits].parse::<usize>() else {
        return "other".into();
    };
    let first = rest.get(digits..digits + len).unwrap_or(&rest[digits..]);
    // `<T as Trait>::f` starts with `_$LT$` and the type's path: its crate
    // is the crate named first, after any `&mut ` or `*const `.
    let mut path = first.trim_start_matches('_');
    const PREFIXES: [&str; 6] = ["$LT$", "$RF$", "$BP$", "mut$u20$", "const$u20$", "dyn$u20$"];
    while let Some(p) = PREFIXES.iter().find_map(|prefix| path.strip_prefix(prefix)) {
        path = p;
    }
    let name: String = path
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        "other".into()
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        // `<T as Trait>`, `<F as FnOnce>`: code generic over a type
        // parameter, instantiated for many crates.
        "generic".into()
    } else {
        name
    }
}

/// Bytes of function bodies per crate, largest first, from the `name`
/// section (empty when the module has none).
pub fn code_by_crate(module: &[u8]) -> Result<Vec<(String, u64)>, String> {
    let secs = sections(module)?;
    let custom_name = |s: &&Section| {
        s.id == 0
            && leb(module, s.contents)
                .ok()
                .and_then(|(len, at)| module.get(at..at + len as usize))
                == Some(b"name".as_slice())
    };
    let Some(name) = secs.iter().find(custom_name) else {
        return Ok(Vec::new());
    };
    let names: std::collections::HashMap<u64, String> =
        function_names(module, name)?.into_iter().collect();
    let imported = match secs.iter().find(|s| s.id == 2) {
        Some(import) => imported_functions(module, import)?,
        None => 0,
    };
    let mut sizes: std::collections::BTreeMap<String, u64> = Default::default();
    if let Some(code) = secs.iter().find(|s| s.id == 10) {
        let (count, mut at) = leb(module, code.contents)?;
        for i in 0..count {
            let (size, body) = leb(module, at)?;
            let krate = names
                .get(&(imported + i))
                .map(|n| crate_of(n))
                .unwrap_or_else(|| "other".into());
            *sizes.entry(krate).or_default() += size;
            at = body + size as usize;
        }
    }
    let mut out: Vec<(String, u64)> = sizes.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section and two custom sections.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[0, 6, 4, b'n', b'a', b'm', b'e', 0]);
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        m.extend_from_slice(&[0, 3, 1, b'x', 9]);
        m
    }

    #[test]
    fn custom_sections_are_dropped_and_the_rest_kept_in_order() {
        let m = module();
        let ids: Vec<u8> = sections(&m).unwrap().iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![0, 1, 0]);
        let stripped = without_custom_sections(&m).unwrap();
        assert_eq!(stripped, b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec());
    }

    #[test]
    fn broken_modules_are_refused_not_read_past_their_end() {
        assert!(sections(b"\0asm\x01\0\0\0\x01\x09\x01").is_err());
        assert!(sections(b"MZ\0\0\0\0\0\0").is_err());
        assert!(leb(&[0x80, 0x80], 0).is_err());
    }

    #[test]
    fn symbols_are_counted_by_their_crate() {
        assert_eq!(crate_of("_ZN9shipshape5pages7catalog17h0123E"), "shipshape");
        assert_eq!(crate_of("_ZN8registry6engine3run17habcE"), "registry");
        assert_eq!(
            crate_of("_ZN98_$LT$$RF$mut$u20$serde_json..de..Deserializer$LT$R$GT$$GT$3foo17hE"),
            "serde_json"
        );
        assert_eq!(
            crate_of("_ZN113_$LT$reactive_graph..computed..ScopedFuture$GT$4poll17hE"),
            "reactive_graph"
        );
        assert_eq!(crate_of("dlmalloc"), "other");
        assert_eq!(
            crate_of("_ZN52_$LT$T$u20$as$u20$alloc..borrow..ToOwned$GT$8to_owned17hE"),
            "generic"
        );
    }
}
