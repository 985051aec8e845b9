//! Repository names grouped by namespace (their first path component), for
//! the catalog. Plain Rust.

/// One group: the namespace (`""` for names without one) and its names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub namespace: String,
    pub names: Vec<String>,
}

/// Group `names` (any order) by first path component; groups and names in
/// lexical order, names without a namespace first.
pub fn group_by_namespace<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<Group> {
    let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for n in names {
        let ns = n.split_once('/').map_or("", |(ns, _)| ns);
        map.entry(ns.to_string()).or_default().push(n.clone());
    }
    map.into_iter()
        .map(|(namespace, mut names)| {
            crate::registry::sort::sort_by(&mut names, String::cmp);
            Group { namespace, names }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_first_component() {
        let names: Vec<String> = [
            "team/app/web",
            "alpine",
            "team/app/api",
            "busybox",
            "library/nginx",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let g = group_by_namespace(&names);
        assert_eq!(g.len(), 3);
        assert_eq!(
            g[0],
            Group {
                namespace: "".into(),
                names: vec!["alpine".into(), "busybox".into()]
            }
        );
        assert_eq!(g[2].namespace, "team");
        assert_eq!(g[2].names, vec!["team/app/api", "team/app/web"]);
        assert!(group_by_namespace(&Vec::<String>::new()).is_empty());
    }
}
