//! Reading an object told apart by a string member (`type`, `method`) without buffering it
//! whole: the members before the tag are kept (usually none, or `jsonrpc` and `id`), and once
//! the tag names a variant, that variant reads those members and then the rest of the object
//! straight from the input. Only an object whose tag is missing or unknown is buffered.
//!
//! Serde's own internally tagged enums buffer every object into its private `Content` first;
//! for a tool result, a sampling message or an input request that is a copy of the whole tree.

use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StringDeserializer};
use serde::de::{DeserializeSeed, Error as _, IntoDeserializer, MapAccess, Visitor};

use crate::{JsonObject, JsonValue};

/// An enum of objects chosen by the string member [`TAG`](Self::TAG) (see `tagged_union!`).
pub(crate) trait Tagged: Sized {
    /// The member that names the variant.
    const TAG: &'static str;

    /// Reads the variant `tag` names from `map`, which yields the members before the tag, the
    /// tag, then the rest of the object (an unknown tag buffers it: [`Replayed::into_object`]).
    fn read_variant<'de, A: MapAccess<'de>>(
        tag: &str,
        map: Replayed<'de, A>,
    ) -> Result<Self, A::Error>;
}

/// The visitor of every [`Tagged`] type.
pub(crate) struct TaggedVisitor<T>(PhantomData<T>);

impl<T> TaggedVisitor<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut before = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: JsonValue = map.next_value()?;
            if key != T::TAG {
                before.push((key, value));
                continue;
            }
            let JsonValue::String(tag) = value else {
                return Err(crate::decode::member_error(T::TAG, "must be a string"));
            };
            let mut entries = before;
            entries.push((key, JsonValue::String(tag.clone())));
            return T::read_variant(&tag, Replayed::new(entries, map));
        }
        Err(A::Error::missing_field(T::TAG))
    }
}

/// A map that yields buffered members first, then the rest of the input map.
pub(crate) struct Replayed<'de, A> {
    entries: std::vec::IntoIter<(String, JsonValue)>,
    /// The value of the buffered member whose key was just yielded, and that key.
    pending: Option<(String, JsonValue)>,
    rest: A,
    _input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Replayed<'de, A> {
    /// `entries` (members already read), then the rest of `map`.
    pub(crate) fn new(entries: Vec<(String, JsonValue)>, map: A) -> Self {
        Self {
            entries: entries.into_iter(),
            pending: None,
            rest: map,
            _input: PhantomData,
        }
    }

    /// Reads the variant `V` from this map.
    pub(crate) fn read<V: serde::Deserialize<'de>>(self) -> Result<V, A::Error> {
        V::deserialize(MapAccessDeserializer::new(self))
    }

    /// Buffers the whole object (the members read so far and the rest).
    pub(crate) fn into_object(mut self) -> Result<JsonObject, A::Error> {
        let mut object: JsonObject = self.entries.by_ref().collect();
        while let Some((key, value)) = self.rest.next_entry::<String, JsonValue>()? {
            object.insert(key, value);
        }
        Ok(object)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replayed<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.pending = Some((key.clone(), value));
                let key: StringDeserializer<A::Error> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            // The input's own path tracking did not see this member: name it in the error.
            Some((key, value)) => seed
                .deserialize(value)
                .map_err(|e| crate::decode::member_error(&key, e)),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest.size_hint().map(|n| n + self.entries.len())
    }
}
