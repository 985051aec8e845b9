//! Which registry, and who: the registries page (`/registries`: the
//! switcher, each registry's status, adding one, how manifests are read)
//! and signing in and out (the form, the token server's realm).

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const CREDENTIALS_NOT_ACCEPTED: Text = Text {
        en: "The registry did not accept this user name and password.",
        zh: "仓库不接受此用户名和密码。",
    };
    pub const USER_NAME: Text = Text {
        en: "User name",
        zh: "用户名",
    };
    pub const PASSWORD: Text = Text {
        en: "Password",
        zh: "密码",
    };
    pub const REMEMBER_FOR_THIS_TAB: Text = Text {
        en: "Remember in this tab until it is closed",
        zh: "在此标签页关闭前记住",
    };
    pub const SIGN_IN: Text = Text {
        en: "Sign in",
        zh: "登录",
    };
    pub const SIGN_OUT_HELP: Text = Text {
        en: "Sign out, and remove from this browser what was read from this registry (manifests, configs, tag lists, the catalog). Finished runs keep their outcomes.",
        zh: "退出登录，并从此浏览器中删除从该仓库读取的内容（清单、配置、标签列表、目录）。已完成的运行会保留其结果。",
    };
    pub const SIGN_OUT: Text = Text {
        en: "Sign out",
        zh: "退出登录",
    };
    pub const TOKEN_AUTH_REALM: Text = Text {
        en: "This registry uses a token server. Your user name and password go only to it, to get a token:",
        zh: "此仓库使用令牌服务器。您的用户名和密码只发送给它，用于获取令牌：",
    };
    pub const REGISTRIES: Text = Text {
        en: "Registries",
        zh: "镜像仓库",
    };
    pub const NO_OTHER_REGISTRIES: Text = Text {
        en: "This UI talks to the registry at its own address (or the one in the page URL). Add others below.",
        zh: "此界面连接与其同地址的仓库（或页面 URL 中指定的仓库）。可在下方添加其他仓库。",
    };
    pub const ADD_A_REGISTRY: Text = Text {
        en: "Add a registry",
        zh: "添加仓库",
    };
    pub const DISPLAY_NAME: Text = Text {
        en: "Name",
        zh: "名称",
    };
    pub const API_ADDRESS: Text = Text {
        en: "API address",
        zh: "API 地址",
    };
    pub const ADD_AND_SWITCH: Text = Text {
        en: "Add and switch to it",
        zh: "添加并切换",
    };
    pub const ADDED_REGISTRIES_NOTE: Text = Text {
        en: "Added registries are kept in this browser (localStorage), names and addresses only, never passwords. A registry on another origin must allow this page with CORS headers.",
        zh: "添加的仓库保存在此浏览器中（localStorage），只保存名称和地址，从不保存密码。其他源上的仓库必须通过 CORS 头允许此页面访问。",
    };
    pub const IN_USE: Text = Text {
        en: "In use",
        zh: "使用中",
    };
    pub const READ_ONLY: Text = Text {
        en: "Read-only",
        zh: "只读",
    };
    pub const CHECKING: Text = Text {
        en: "Checking…",
        zh: "正在检查…",
    };
    pub const ANSWERS: Text = Text {
        en: "Reachable",
        zh: "可访问",
    };
    pub const USE: Text = Text {
        en: "Use",
        zh: "使用",
    };
    pub const REMOVE: Text = Text {
        en: "Remove",
        zh: "移除",
    };
    pub const READS_HEAD_THEN_GET: Text = Text {
        en: "reads: HEAD, then GET by digest",
        zh: "读取：HEAD，再按摘要 GET",
    };
    pub const READS_HEAD_THEN_GET_HELP: Text = Text {
        en: "Tags are resolved with a HEAD and manifests fetched by digest, so browsing never counts as a pull (Harbor's pull time, Docker Hub's rate limit). Set \"manifest_reads\": \"get\" in config.json for plain distribution to save a request per new tag.",
        zh: "标签用 HEAD 解析，清单按摘要获取，因此浏览从不计为拉取（Harbor 的拉取时间、Docker Hub 的速率限制）。对普通 distribution 仓库，可在 config.json 中设置 \"manifest_reads\": \"get\"，每个新标签少一次请求。",
    };
    pub const READS_GET: Text = Text {
        en: "reads: GET by tag",
        zh: "读取：按标签 GET",
    };
    pub const READS_GET_HELP: Text = Text {
        en: "config.json says this is plain distribution: a new tag is read with one GET by tag. On Harbor that counts as a pull, on Docker Hub against the rate limit.",
        zh: "config.json 标明这是普通 distribution 仓库：新标签用一次按标签的 GET 读取。在 Harbor 上这会计为拉取，在 Docker Hub 上会计入速率限制。",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::Lang;

    pub fn asks_for_sign_in(lang: Lang, schemes: &str) -> String {
        match lang {
            Lang::En => format!("Asks for sign-in ({schemes})"),
            Lang::Zh => format!("需要登录（{schemes}）"),
        }
    }

    pub fn add_registry_problem(lang: Lang, what: crate::config::AddProblem) -> String {
        use crate::config::AddProblem as P;
        match (lang, what) {
            (Lang::En, P::NoName) => "Give it a name.".into(),
            (Lang::Zh, P::NoName) => "请填写名称。".into(),
            (Lang::En, P::NameTaken) => "That name is already in the list.".into(),
            (Lang::Zh, P::NameTaken) => "列表中已有这个名称。".into(),
            (Lang::En, P::NotAnAddress) => {
                "The address must start with http:// or https://.".into()
            }
            (Lang::Zh, P::NotAnAddress) => "地址必须以 http:// 或 https:// 开头。".into(),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("CREDENTIALS_NOT_ACCEPTED", text::CREDENTIALS_NOT_ACCEPTED),
    ("USER_NAME", text::USER_NAME),
    ("PASSWORD", text::PASSWORD),
    ("REMEMBER_FOR_THIS_TAB", text::REMEMBER_FOR_THIS_TAB),
    ("SIGN_IN", text::SIGN_IN),
    ("SIGN_OUT_HELP", text::SIGN_OUT_HELP),
    ("SIGN_OUT", text::SIGN_OUT),
    ("TOKEN_AUTH_REALM", text::TOKEN_AUTH_REALM),
    ("REGISTRIES", text::REGISTRIES),
    ("NO_OTHER_REGISTRIES", text::NO_OTHER_REGISTRIES),
    ("ADD_A_REGISTRY", text::ADD_A_REGISTRY),
    ("DISPLAY_NAME", text::DISPLAY_NAME),
    ("API_ADDRESS", text::API_ADDRESS),
    ("ADD_AND_SWITCH", text::ADD_AND_SWITCH),
    ("ADDED_REGISTRIES_NOTE", text::ADDED_REGISTRIES_NOTE),
    ("IN_USE", text::IN_USE),
    ("READ_ONLY", text::READ_ONLY),
    ("CHECKING", text::CHECKING),
    ("ANSWERS", text::ANSWERS),
    ("USE", text::USE),
    ("REMOVE", text::REMOVE),
    ("READS_HEAD_THEN_GET", text::READS_HEAD_THEN_GET),
    ("READS_HEAD_THEN_GET_HELP", text::READS_HEAD_THEN_GET_HELP),
    ("READS_GET", text::READS_GET),
    ("READS_GET_HELP", text::READS_GET_HELP),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("registries.rs"), super::ALL);
    }
}
