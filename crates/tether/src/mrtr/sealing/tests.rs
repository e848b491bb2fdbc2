//! The sealing tests: key parsing, the pinned tag, tampering, expiry, rotation.

use super::*;

/// The tag `key` gives a fixed payload: equal tags, equal secrets.
fn tag_of(key: &SealingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.mac("e30").finalize().into_bytes())
}

#[test]
fn keys_parse_from_id_and_hex_or_base64_secret() {
    let secret: Vec<u8> = (0u8..32).collect();
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let standard = base64::engine::general_purpose::STANDARD.encode(&secret);
    let url_safe = URL_SAFE_NO_PAD.encode([0xfb_u8; 32]);
    for text in [
        format!("a:{hex}"),
        format!(" a:{standard} "),
        format!("a:{}", standard.trim_end_matches('=')),
    ] {
        let key: SealingKey = text.parse().expect(&text);
        assert_eq!(key.id(), "a");
        assert_eq!(
            tag_of(&key),
            tag_of(&SealingKey::new("a", &secret).unwrap()),
            "{text}"
        );
    }
    let key: SealingKey = format!("b:{url_safe}").parse().expect("url-safe base64");
    assert_eq!(
        tag_of(&key),
        tag_of(&SealingKey::new("b", &[0xfb; 32]).unwrap())
    );
    assert_eq!(
        "nocolon".parse::<SealingKey>().unwrap_err(),
        InvalidSealingKey::BadFormat("no `:` between id and secret")
    );
    assert!(matches!(
        "a:not base64!".parse::<SealingKey>(),
        Err(InvalidSealingKey::BadFormat(_))
    ));
    assert!(matches!(
        "a:00ff".parse::<SealingKey>(),
        Err(InvalidSealingKey::SecretTooShort(2))
    ));
    assert!(matches!(
        format!("bad id:{hex}").parse::<SealingKey>(),
        Err(InvalidSealingKey::BadId(_))
    ));
}

#[test]
fn the_tag_is_the_hmac_of_domain_id_and_payload_as_before() {
    // Pinned (computed independently with Python's hmac): a state sealed by an earlier
    // version, or by another replica, still opens.
    let key = SealingKey::new("k1", &[7; 32]).expect("valid key");
    let tag = URL_SAFE_NO_PAD.encode(key.mac("eyJleHBpcmVzIjowfQ").finalize().into_bytes());
    assert_eq!(tag, "xadubJd7jiUl_aWdyvY0JWZagRY6fAs2IKeRZJ5FHK0");
    // Each tag starts from the keyed prefix afresh: the same payload, the same tag.
    let again = URL_SAFE_NO_PAD.encode(key.mac("eyJleHBpcmVzIjowfQ").finalize().into_bytes());
    assert_eq!(again, tag);
    let parsed: SealingKey = format!("k1:{}", "07".repeat(32)).parse().expect("valid");
    assert_eq!(tag_of(&parsed), tag_of(&key));
}

fn key(id: &str, fill: u8) -> SealingKey {
    SealingKey::new(id, &[fill; 32]).expect("valid key")
}

fn binding(name: &str, args: &str) -> Binding {
    Binding {
        method: "tools/call".into(),
        target: name.into(),
        arguments: args.into(),
        principal: None,
    }
}

fn sealer(current: SealingKey) -> Sealer {
    Sealer::new(current, Vec::new(), Duration::from_secs(60), 64 * 1024)
}

fn state(b: Binding) -> SealedState {
    SealedState::first_round("call-1".into(), b)
}

#[test]
fn the_borrowed_view_writes_the_json_of_the_state() {
    let mut st = state(binding("deploy", "abc"));
    let json = |st: &SealedState| {
        let owned = serde_json::to_string(st).expect("json");
        assert_eq!(serde_json::to_string(&st.view()).expect("json"), owned);
        owned
    };
    assert!(!json(&st).contains("answers"), "empty maps are left out");
    st.answers
        .insert("a:0".into(), serde_json::json!({"action": "cancel"}));
    st.outstanding.insert(
        "elicitation/create:00:0".into(),
        super::super::state::Outstanding {
            method: "elicitation/create".into(),
            digest: "00".into(),
        },
    );
    st.user = Some("mine".into());
    let full = json(&st);
    assert!(full.contains("answers") && full.contains("outstanding") && full.contains("mine"));
}

#[test]
fn a_state_written_with_empty_maps_still_opens() {
    // Earlier versions wrote `"answers":{}` and `"outstanding":{}`.
    let key = key("k1", 1);
    let s = sealer(key.clone());
    let json = r#"{"expires":18446744073709551615,"call":"c","round":1,"binding":{"method":"tools/call","target":"deploy","arguments":"abc"},"answers":{},"outstanding":{}}"#;
    let payload = URL_SAFE_NO_PAD.encode(json);
    let tag = URL_SAFE_NO_PAD.encode(key.mac(&payload).finalize().into_bytes());
    let opened = s
        .open(&format!("v1.k1.{payload}.{tag}"), &binding("deploy", "abc"))
        .expect("opens");
    assert_eq!((opened.call.as_str(), opened.round), ("c", 1));
    assert!(opened.answers.is_empty() && opened.outstanding.is_empty());
}

#[test]
fn keys_are_validated_and_their_secret_is_never_printed() {
    assert!(matches!(
        SealingKey::new("k", &[0; 31]),
        Err(InvalidSealingKey::SecretTooShort(31))
    ));
    for bad in ["", "a.b", "ключ", &"x".repeat(33)] {
        assert!(
            matches!(
                SealingKey::new(bad, &[0; 32]),
                Err(InvalidSealingKey::BadId(_))
            ),
            "{bad:?}"
        );
    }
    let debug = format!("{:?}", key("k1", 42));
    assert!(debug.contains("k1") && debug.contains("redacted") && !debug.contains("42"));
    let (a, b) = (SealingKey::random(), SealingKey::random());
    assert_ne!(a.id(), b.id());
    assert!(
        SealingKey::new(a.id(), &[0; 32]).is_ok(),
        "random ids are valid ids"
    );
}

#[test]
fn a_sealed_state_opens_for_the_same_request_only() {
    let s = sealer(key("k1", 1));
    let mut st = state(binding("deploy", "abc"));
    st.answers.insert(
        "elicitation/create:00:0".into(),
        serde_json::json!({"action": "accept"}),
    );
    let sealed = s.seal(&mut st).expect("sealed");
    assert!(sealed.starts_with("v1.k1."));
    let opened = s.open(&sealed, &binding("deploy", "abc")).expect("opens");
    assert_eq!(opened, st);
    assert_eq!(
        s.open(&sealed, &binding("other", "abc")),
        Err(StateError::Mismatch(
            "the tool or prompt name, or resource URI"
        ))
    );
    assert_eq!(
        s.open(&sealed, &binding("deploy", "abd")),
        Err(StateError::Mismatch("the arguments"))
    );
    let mut other_principal = binding("deploy", "abc");
    other_principal.principal = Some("mallory".into());
    assert_eq!(
        s.open(&sealed, &other_principal),
        Err(StateError::Mismatch("the principal"))
    );
}

#[test]
fn tampering_truncation_other_keys_expiry_and_size_are_rejected() {
    let s = sealer(key("k1", 1));
    let b = binding("deploy", "abc");
    let sealed = s.seal(&mut state(b.clone())).expect("sealed");
    // Flip one character of the payload.
    let mut parts: Vec<String> = sealed.split('.').map(str::to_owned).collect();
    let flipped: String = parts[2]
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 5 {
                if c == 'A' { 'B' } else { 'A' }
            } else {
                c
            }
        })
        .collect();
    parts[2] = flipped;
    assert_eq!(s.open(&parts.join("."), &b), Err(StateError::BadTag));
    assert_eq!(
        s.open(&sealed[..sealed.len() - 3], &b),
        Err(StateError::BadTag)
    );
    assert_eq!(s.open("v1.k1.only-three", &b), Err(StateError::Malformed));
    assert_eq!(s.open("not a state", &b), Err(StateError::Malformed));
    // Same id, other secret: the tag fails. Other id: unknown key.
    assert_eq!(
        sealer(key("k1", 2)).open(&sealed, &b),
        Err(StateError::BadTag)
    );
    assert_eq!(
        sealer(key("k2", 1)).open(&sealed, &b),
        Err(StateError::UnknownKey("k1".into()))
    );
    let later = SystemTime::now() + Duration::from_secs(61);
    assert_eq!(s.open_at(&sealed, &b, later), Err(StateError::Expired));
    let tiny = Sealer::new(key("k1", 1), Vec::new(), Duration::from_secs(60), 40);
    assert!(matches!(
        tiny.seal(&mut state(b.clone())),
        Err(StateError::TooLarge { .. })
    ));
    assert!(matches!(
        tiny.open(&sealed, &b),
        Err(StateError::TooLarge { .. })
    ));
}

#[test]
fn a_tag_cut_or_changed_in_its_padding_bits_is_modified_whatever_its_bits() {
    let s = sealer(key("k1", 1));
    let b = binding("deploy", "abc");
    // Every seal has another tag (the expiry differs); each cut must say the same.
    for n in 0..32u64 {
        let mut st = state(b.clone());
        let sealed = s
            .seal_at(&mut st, UNIX_EPOCH + Duration::from_millis(n))
            .expect("sealed");
        let (rest, tag) = sealed.rsplit_once('.').expect("a tag");
        for cut in 1..=4 {
            let short = format!("{rest}.{}", &tag[..tag.len() - cut]);
            assert_eq!(
                s.open_at(&short, &b, UNIX_EPOCH),
                Err(StateError::BadTag),
                "{short}"
            );
        }
        // The last character's low bit is a padding bit: decoding refuses it.
        let last = tag.as_bytes()[tag.len() - 1];
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let index = alphabet.iter().position(|&c| c == last).expect("base64url");
        let changed = format!(
            "{rest}.{}{}",
            &tag[..tag.len() - 1],
            char::from(alphabet[index ^ 1])
        );
        assert_eq!(s.open_at(&changed, &b, UNIX_EPOCH), Err(StateError::BadTag));
    }
    assert_eq!(s.open("v1.k1.%%.%%", &b), Err(StateError::Malformed));
    assert_eq!(s.open("v1.k1.e30.a b", &b), Err(StateError::Malformed));
}

#[test]
fn previous_keys_open_during_their_grace_window_only() {
    let old = sealer(key("old", 1));
    let b = binding("deploy", "abc");
    let sealed = old.seal(&mut state(b.clone())).expect("sealed");
    let now = SystemTime::now();
    let rotated = Sealer::new(
        key("new", 2),
        vec![(key("old", 1), now + Duration::from_secs(30))],
        Duration::from_secs(60),
        64 * 1024,
    );
    assert!(rotated.open_at(&sealed, &b, now).is_ok());
    assert_eq!(
        rotated.open_at(&sealed, &b, now + Duration::from_secs(31)),
        Err(StateError::UnknownKey("old".into()))
    );
    let resealed = rotated.seal(&mut state(b.clone())).expect("sealed");
    assert!(
        resealed.starts_with("v1.new."),
        "new states use the current key"
    );
}
