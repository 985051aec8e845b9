//! The compare page's words (and the entries to it on the tag table and the
//! image page), in both languages. Kept apart from `text` so the feature's
//! texts sit together; the same rules: a `Text` has both languages, the
//! test below checks each is translated.

use super::{Lang, Text};

pub const COMPARE: Text = Text {
    en: "Compare",
    zh: "比较",
};
pub const COMPARE_IMAGES: Text = Text {
    en: "Compare images",
    zh: "比较镜像",
};
pub const SELECT_TWO_TO_COMPARE: Text = Text {
    en: "Select exactly two tags to compare them",
    zh: "恰好选择两个标签即可比较",
};
pub const COMPARE_WITH: Text = Text {
    en: "Compare with…",
    zh: "与其他镜像比较…",
};
pub const COMPARE_WITH_LABEL: Text = Text {
    en: "Another image: name:tag, name@sha256:…, or a tag of this repository",
    zh: "另一个镜像：名称:标签、名称@sha256:…，或此镜像库的标签",
};
pub const COMPARE_WITH_PLACEHOLDER: Text = Text {
    en: "v2 or team/app:v2",
    zh: "v2 或 team/app:v2",
};
pub const COMPARE_WITH_PROBLEM: Text = Text {
    en: "That is not an image reference. Write name:tag, name@sha256:… or a tag of this repository (a platform of a multi-arch image as ~os/arch).",
    zh: "这不是镜像引用。请写 名称:标签、名称@sha256:… 或此镜像库的标签（多架构镜像的平台写作 ~os/arch）。",
};
pub const BAD_COMPARE_ADDRESS: Text = Text {
    en: "This comparison address cannot be read",
    zh: "无法读取此比较地址",
};
pub const BAD_COMPARE_ADDRESS_FIX: Text = Text {
    en: "Write it as /compare/name:tag...name:tag (or name@sha256:…); a platform of a multi-arch image as name:tag~linux/arm64.",
    zh: "请写作 /compare/名称:标签...名称:标签（或 名称@sha256:…）；多架构镜像的平台写作 名称:标签~linux/arm64。",
};
pub const READING_BOTH: Text = Text {
    en: "Reading both images…",
    zh: "正在读取两个镜像…",
};
pub const SWAP: Text = Text {
    en: "Swap A and B",
    zh: "交换 A 与 B",
};
pub const SAME_IMAGE: Text = Text {
    en: "A and B are the same image: one digest.",
    zh: "A 与 B 是同一个镜像：摘要相同。",
};
pub const SUMMARY: Text = Text {
    en: "Summary",
    zh: "概要",
};
pub const LAYER_COUNT: Text = Text {
    en: "Layers",
    zh: "层数",
};
pub const FROM_INDEX: Text = Text {
    en: "From the multi-arch image",
    zh: "来自多架构镜像",
};
pub const SIZE_DIFFERENCE: Text = Text {
    en: "Size difference",
    zh: "大小差异",
};
pub const SHARED_LAYERS: Text = Text {
    en: "Shared layers",
    zh: "共享层",
};
pub const CONFIG_DIFFERENCES: Text = Text {
    en: "Config differences",
    zh: "配置差异",
};
pub const SHOW_ALL_SETTINGS: Text = Text {
    en: "Show the settings that are the same too",
    zh: "同时显示相同的设置",
};
pub const NO_CONFIG_DIFFERENCES: Text = Text {
    en: "The settings are the same.",
    zh: "设置完全相同。",
};
pub const SETTING: Text = Text {
    en: "Setting",
    zh: "设置",
};
pub const AUTHOR: Text = Text {
    en: "Author",
    zh: "作者",
};
pub const ENV_VARIABLE: Text = Text {
    en: "Environment",
    zh: "环境变量",
};
pub const LABEL: Text = Text {
    en: "Label",
    zh: "标签注解",
};
pub const NOT_SET: Text = Text {
    en: "not set",
    zh: "未设置",
};
pub const CHANGED: Text = Text {
    en: "changed",
    zh: "已更改",
};
pub const ONLY_IN_A: Text = Text {
    en: "only in A",
    zh: "仅 A 有",
};
pub const ONLY_IN_B: Text = Text {
    en: "only in B",
    zh: "仅 B 有",
};
pub const SAME: Text = Text {
    en: "same",
    zh: "相同",
};
pub const LAYERS_LINED_UP: Text = Text {
    en: "Layers, lined up by digest",
    zh: "按摘要对齐的层",
};
pub const LAYERS_HELP: Text = Text {
    en: "The shared base is the run of identical layers from the first on; registry storage and pulls share those bytes.",
    zh: "共享基础层是从第一层起连续相同的层；仓库存储和拉取时共用这些字节。",
};
pub const WHERE: Text = Text {
    en: "Where",
    zh: "位置",
};
pub const BASE: Text = Text {
    en: "shared base",
    zh: "共享基础层",
};
pub const MOVED: Text = Text {
    en: "in both, another place",
    zh: "两者都有，位置不同",
};
pub const HISTORY_SIDE_BY_SIDE: Text = Text {
    en: "Build history, step by step",
    zh: "逐步对比构建历史",
};
pub const STEP: Text = Text {
    en: "Step",
    zh: "步骤",
};
pub const SAME_STEP: Text = Text {
    en: "same step",
    zh: "相同步骤",
};
pub const SAME_COMMAND: Text = Text {
    en: "same command, run again",
    zh: "相同命令，重新运行",
};
pub const DIFFERENT_STEP: Text = Text {
    en: "differs",
    zh: "不同",
};
pub const NO_HISTORY: Text = Text {
    en: "Neither image records its build history.",
    zh: "两个镜像都没有记录构建历史。",
};
pub const CHOOSE_PLATFORM: Text = Text {
    en: "This is a multi-arch image: choose the platform to compare.",
    zh: "这是多架构镜像：请选择要比较的平台。",
};
pub const NOT_AN_IMAGE: Text = Text {
    en: "This is not an image that can be compared (schema 1 or an unknown document):",
    zh: "这不是可以比较的镜像（schema 1 或未知文档）：",
};

pub const ALL: &[(&str, Text)] = &[
    ("COMPARE", COMPARE),
    ("COMPARE_IMAGES", COMPARE_IMAGES),
    ("SELECT_TWO_TO_COMPARE", SELECT_TWO_TO_COMPARE),
    ("COMPARE_WITH", COMPARE_WITH),
    ("COMPARE_WITH_LABEL", COMPARE_WITH_LABEL),
    ("COMPARE_WITH_PLACEHOLDER", COMPARE_WITH_PLACEHOLDER),
    ("COMPARE_WITH_PROBLEM", COMPARE_WITH_PROBLEM),
    ("BAD_COMPARE_ADDRESS", BAD_COMPARE_ADDRESS),
    ("BAD_COMPARE_ADDRESS_FIX", BAD_COMPARE_ADDRESS_FIX),
    ("READING_BOTH", READING_BOTH),
    ("SWAP", SWAP),
    ("SAME_IMAGE", SAME_IMAGE),
    ("SUMMARY", SUMMARY),
    ("LAYER_COUNT", LAYER_COUNT),
    ("FROM_INDEX", FROM_INDEX),
    ("SIZE_DIFFERENCE", SIZE_DIFFERENCE),
    ("SHARED_LAYERS", SHARED_LAYERS),
    ("CONFIG_DIFFERENCES", CONFIG_DIFFERENCES),
    ("SHOW_ALL_SETTINGS", SHOW_ALL_SETTINGS),
    ("NO_CONFIG_DIFFERENCES", NO_CONFIG_DIFFERENCES),
    ("SETTING", SETTING),
    ("AUTHOR", AUTHOR),
    ("ENV_VARIABLE", ENV_VARIABLE),
    ("LABEL", LABEL),
    ("NOT_SET", NOT_SET),
    ("CHANGED", CHANGED),
    ("ONLY_IN_A", ONLY_IN_A),
    ("ONLY_IN_B", ONLY_IN_B),
    ("SAME", SAME),
    ("LAYERS_LINED_UP", LAYERS_LINED_UP),
    ("LAYERS_HELP", LAYERS_HELP),
    ("WHERE", WHERE),
    ("BASE", BASE),
    ("MOVED", MOVED),
    ("HISTORY_SIDE_BY_SIDE", HISTORY_SIDE_BY_SIDE),
    ("STEP", STEP),
    ("SAME_STEP", SAME_STEP),
    ("SAME_COMMAND", SAME_COMMAND),
    ("DIFFERENT_STEP", DIFFERENT_STEP),
    ("NO_HISTORY", NO_HISTORY),
    ("CHOOSE_PLATFORM", CHOOSE_PLATFORM),
    ("NOT_AN_IMAGE", NOT_AN_IMAGE),
];

/// `B is 27 B larger` (`size` already formatted, without sign).
pub fn size_difference(lang: Lang, difference: i128, size: &str) -> String {
    match (lang, difference.signum()) {
        (Lang::En, 1) => format!("B is {size} larger than A"),
        (Lang::En, -1) => format!("B is {size} smaller than A"),
        (Lang::En, _) => "A and B are the same size".into(),
        (Lang::Zh, 1) => format!("B 比 A 大 {size}"),
        (Lang::Zh, -1) => format!("B 比 A 小 {size}"),
        (Lang::Zh, _) => "A 与 B 大小相同".into(),
    }
}

/// `2 layers, 1.2 MB; the first 2 are a common base (1.2 MB)`.
pub fn shared_layers(
    lang: Lang,
    shared: usize,
    bytes: &str,
    base: usize,
    base_bytes: &str,
) -> String {
    match lang {
        Lang::En => {
            let layers = if shared == 1 { "layer" } else { "layers" };
            let base_part = match base {
                0 => "no common base (the first layers differ)".to_string(),
                1 => format!("the first is a common base ({base_bytes})"),
                n => format!("the first {n} are a common base ({base_bytes})"),
            };
            format!("{shared} {layers}, {bytes}; {base_part}")
        }
        Lang::Zh => {
            let base_part = match base {
                0 => "没有共同基础层（第一层就不同）".to_string(),
                n => format!("前 {n} 层是共同基础层（{base_bytes}）"),
            };
            format!("{shared} 层，{bytes}；{base_part}")
        }
    }
}

/// The index lacks the platform asked for.
pub fn no_such_platform(lang: Lang, platform: &str) -> String {
    match lang {
        Lang::En => format!("It has no single image for {platform}."),
        Lang::Zh => format!("它没有 {platform} 平台的唯一镜像。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_compare_text_is_translated_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (name, t) in ALL {
            assert!(!t.en.trim().is_empty() && t.en != t.zh, "{name}");
            assert!(has_chinese(t.zh), "{name}: {:?}", t.zh);
            assert!(seen.insert(*name), "{name} listed twice");
        }
        // Every `pub const` of this file is in ALL.
        let source = include_str!("compare.rs");
        // Less ALL itself and the pattern in the line below.
        let declared = source.matches("pub const ").count() - 2;
        assert_eq!(declared, ALL.len());
    }

    #[test]
    fn phrases_say_which_way_and_count() {
        assert_eq!(
            size_difference(Lang::En, 27, "27 B"),
            "B is 27 B larger than A"
        );
        assert_eq!(
            size_difference(Lang::En, -3, "3 B"),
            "B is 3 B smaller than A"
        );
        assert_eq!(size_difference(Lang::Zh, 27, "27 B"), "B 比 A 大 27 B");
        assert_eq!(
            shared_layers(Lang::En, 1, "114 B", 1, "114 B"),
            "1 layer, 114 B; the first is a common base (114 B)"
        );
        assert!(shared_layers(Lang::En, 0, "0 B", 0, "0 B").contains("no common base"));
        for s in [
            size_difference(Lang::Zh, 0, ""),
            shared_layers(Lang::Zh, 2, "1 kB", 2, "1 kB"),
            no_such_platform(Lang::Zh, "linux/s390x"),
        ] {
            assert!(has_chinese(&s), "{s}");
        }
    }
}
