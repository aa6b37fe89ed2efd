//! `Serialize` and `Deserialize` for [`Init`] (the `serde` feature), in Keras's own
//! `get_config` form, so that initializers can be read from a saved Keras model
//! config and written back.
//!
//! Numbers are written as the shortest decimal that reads back to the same `f64`,
//! and counts (Dirac's `groups`) as exact integers. Whether a float reads back
//! exactly is the format's business: `serde_json`'s default float parser can be
//! one ulp off (`1e-45` reads as `1.0000000000000001e-45`); its `float_roundtrip`
//! feature reads every float exactly.

use core::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::parse::{Arg, Value, canonical, echo, resolve};
use super::{Init, Truncation};

/// Keras's module for its initializers, as `keras.saving.serialize_keras_object`
/// writes it.
const KERAS_MODULE: &str = "keras.initializers";

/// The module nninit writes for initializers that Keras does not have.
const NNINIT_MODULE: &str = "nninit";

/// Keras's class name and config keys for `init`, or `None` when Keras has no
/// such initializer.
fn keras_form(init: &Init) -> Option<(&'static str, Vec<(&'static str, Value)>)> {
    use Value::{Null, Num, Word};
    let seed = ("seed", Null);
    let axes = || [("input_axes", Null), ("output_axes", Null)];
    let preset = |name| {
        let mut config = vec![("seed", Null)];
        config.extend(axes());
        Some((name, config))
    };
    match *init {
        Init::Constant(c) => Some(("Constant", vec![("value", Num(c.value()))])),
        Init::Zeros(_) => Some(("Zeros", vec![])),
        Init::Ones(_) => Some(("Ones", vec![])),
        Init::RandomUniform(u) => Some((
            "RandomUniform",
            vec![seed, ("minval", Num(u.min())), ("maxval", Num(u.max()))],
        )),
        Init::RandomNormal(n) => Some((
            "RandomNormal",
            vec![seed, ("mean", Num(n.mean())), ("stddev", Num(n.stddev()))],
        )),
        Init::TruncatedNormal(t)
            if t.truncation()
                == (Truncation::Stddevs {
                    lower: -2.0,
                    upper: 2.0,
                }) =>
        {
            Some((
                "TruncatedNormal",
                vec![seed, ("mean", Num(t.mean())), ("stddev", Num(t.stddev()))],
            ))
        }
        Init::VarianceScaling(v) => {
            let mut config = vec![
                seed,
                ("scale", Num(v.scale())),
                ("mode", Word(v.mode().name().to_string())),
                (
                    "distribution",
                    Word(v.distribution().keras_name().to_string()),
                ),
            ];
            config.extend(axes());
            Some(("VarianceScaling", config))
        }
        Init::GlorotUniform(_) => preset("GlorotUniform"),
        Init::GlorotNormal(_) => preset("GlorotNormal"),
        Init::HeUniform(_) => preset("HeUniform"),
        Init::HeNormal(_) => preset("HeNormal"),
        Init::LecunUniform(_) => preset("LecunUniform"),
        Init::LecunNormal(_) => preset("LecunNormal"),
        Init::Orthogonal(o) => Some(("Orthogonal", vec![seed, ("gain", Num(o.gain()))])),
        // Keras does not write Identity's gain; nninit writes it when it is not 1,
        // and Keras's `from_config` reads it back.
        #[allow(clippy::float_cmp)] // exactly Keras's default
        Init::Identity(i) if i.gain() == 1.0 => Some(("Identity", vec![])),
        Init::Identity(i) => Some(("Identity", vec![("gain", Num(i.gain()))])),
        _ => None,
    }
}

struct Config<'a>(&'a [(&'static str, Value)]);

impl Serialize for Config<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            match value {
                Value::Num(x) if x.is_finite() => map.serialize_entry(key, x)?,
                Value::Int(n) => map.serialize_entry(key, n)?,
                // JSON has no infinity: written as the string "inf" or "-inf".
                Value::Num(x) => map.serialize_entry(key, &super::parse::number(*x))?,
                Value::Word(w) => map.serialize_entry(key, w)?,
                Value::Null => map.serialize_entry(key, &())?,
            }
        }
        map.end()
    }
}

impl Serialize for Init {
    /// Keras's form, `{"module": "keras.initializers", "class_name": ..., "config":
    /// {...}, "registered_name": null}`, for the initializers Keras has; for the
    /// others the same shape with `"module": "nninit"`, the canonical name (as
    /// [`Display`](core::fmt::Display) writes it) as the class name and its
    /// arguments as the config.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (module, class_name, config) = if let Some((class, config)) = keras_form(self) {
            (KERAS_MODULE, class, config)
        } else {
            let (name, args) = canonical(self);
            (NNINIT_MODULE, name, args)
        };
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("module", module)?;
        map.serialize_entry("class_name", class_name)?;
        map.serialize_entry("config", &Config(&config))?;
        map.serialize_entry("registered_name", &())?;
        map.end()
    }
}

/// One value of a config: a number, a string, null, or anything else (which no
/// nninit argument accepts, and is reported as such).
struct ConfigValue(Value);

impl<'de> Deserialize<'de> for ConfigValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ConfigValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a string or null")
            }
            fn visit_f64<E>(self, v: f64) -> Result<ConfigValue, E> {
                Ok(ConfigValue(Value::Num(v)))
            }
            // Integers stay exact: a count such as `groups` may exceed 2⁵³.
            #[allow(clippy::cast_precision_loss)] // a negative integer is no count
            fn visit_i64<E>(self, v: i64) -> Result<ConfigValue, E> {
                Ok(ConfigValue(
                    u64::try_from(v).map_or(Value::Num(v as f64), Value::Int),
                ))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ConfigValue, E> {
                Ok(ConfigValue(Value::Int(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<ConfigValue, E> {
                // Numbers JSON cannot hold ("inf", "-inf") arrive as strings.
                Ok(ConfigValue(
                    v.parse::<f64>()
                        .map_or_else(|_| Value::Word(v.to_string()), Value::Num),
                ))
            }
            fn visit_bool<E>(self, v: bool) -> Result<ConfigValue, E> {
                Ok(ConfigValue(Value::Word(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<ConfigValue, E> {
                Ok(ConfigValue(Value::Null))
            }
            fn visit_none<E>(self) -> Result<ConfigValue, E> {
                Ok(ConfigValue(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ConfigValue, D::Error> {
                ConfigValue::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ConfigValue, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ConfigValue(Value::Word("[...]".to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConfigValue, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ConfigValue(Value::Word("{...}".to_string())))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A config's keys and values, in order.
struct ConfigMap(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for ConfigMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ConfigMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an initializer's config: a map of argument names to values")
            }
            fn visit_unit<E>(self) -> Result<ConfigMap, E> {
                Ok(ConfigMap(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<ConfigMap, E> {
                Ok(ConfigMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConfigMap, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, ConfigValue>()? {
                    entries.push((key, value.0));
                }
                Ok(ConfigMap(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Init {
    /// Reads a name as [`FromStr`](core::str::FromStr) does (`"he_normal"`), or a
    /// Keras config, old (`{"class_name": "GlorotUniform", "config": {"seed":
    /// null}}`) or new (with `"module": "keras.initializers"` and
    /// `"registered_name"`), or nninit's own form for initializers Keras lacks.
    /// `seed`, `input_axes` and `output_axes` must be null: nninit draws from the
    /// key given at fill time and computes fans from the [`Shape`](crate::Shape).
    ///
    /// Every float reads back to the same bits only if the format parses floats
    /// exactly: with `serde_json`, turn on its `float_roundtrip` feature
    /// (`serde_json = { version = "1", features = ["float_roundtrip"] }`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Init;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "an initializer name such as \"glorot_uniform\", or a Keras config \
                     {\"class_name\": ..., \"config\": {...}}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Init, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Init, A::Error> {
                let mut class_name: Option<String> = None;
                let mut config: Option<ConfigMap> = None;
                let mut module: Option<Option<String>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "class_name" => class_name = Some(map.next_value()?),
                        "config" => config = Some(map.next_value()?),
                        "module" => module = Some(map.next_value()?),
                        // `registered_name` is null for built-ins; other keys
                        // (such as `shared_object_id`) carry nothing nninit uses.
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let class_name =
                    class_name.ok_or_else(|| de::Error::missing_field("class_name"))?;
                if let Some(Some(module)) = &module
                    && !(module.starts_with("keras") || module == NNINIT_MODULE)
                {
                    return Err(de::Error::custom(format!(
                        "the initializer `{}` comes from the module `{}`, which is neither \
                         Keras's (`keras.initializers`) nor nninit's; only built-in \
                         initializers can be read",
                        echo(&class_name),
                        echo(module)
                    )));
                }
                let args = config
                    .map(|c| c.0)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(key, value)| Arg {
                        key: Some(key),
                        value,
                    })
                    .collect();
                resolve(&class_name, args).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}
