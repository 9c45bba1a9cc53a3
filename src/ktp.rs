//! The fields printed on the front of an e-KTP, as plain strings.
//!
//! This is the one vocabulary of field names shared by the parser (what was read), the
//! synthetic generator (what was printed) and the evaluator (what is compared). Values are
//! kept exactly as printed on the card, in upper case, dates as `DD-MM-YYYY`.

use serde::{Deserialize, Serialize};

/// Every field printed on the card's front. An empty string means "not present / not read".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KtpFields {
    /// Header line 1 without the word `PROVINSI`, e.g. `JAWA BARAT`, `DKI JAKARTA`.
    pub provinsi: String,
    /// Header line 2 as printed: `KABUPATEN GARUT`, `KOTA BEKASI`, or for DKI `JAKARTA SELATAN`.
    pub kabupaten_kota: String,
    /// 16 digits.
    pub nik: String,
    pub nama: String,
    pub tempat_lahir: String,
    /// `DD-MM-YYYY`.
    pub tanggal_lahir: String,
    /// `LAKI-LAKI` or `PEREMPUAN` (WNA cards: `MALE` / `FEMALE`).
    pub jenis_kelamin: String,
    /// `A`, `B`, `AB`, `O`, with optional `+`/`-`, or `-` when unknown.
    pub gol_darah: String,
    pub alamat: String,
    /// Three digits, e.g. `001`.
    pub rt: String,
    /// Three digits, e.g. `024`.
    pub rw: String,
    pub kel_desa: String,
    pub kecamatan: String,
    pub agama: String,
    pub status_perkawinan: String,
    pub pekerjaan: String,
    /// `WNI`, or the country on WNA cards.
    pub kewarganegaraan: String,
    /// `SEUMUR HIDUP` or `DD-MM-YYYY`.
    pub berlaku_hingga: String,
    /// Issue place under the photo, as printed (`SLEMAN`, `KOTA BEKASI`, `JAKARTA SELATAN`).
    pub tempat_terbit: String,
    /// Issue date under the photo, `DD-MM-YYYY`.
    pub tanggal_terbit: String,
}

/// Field names in card order, for tables and iteration.
pub const FIELD_NAMES: [&str; 20] = [
    "provinsi",
    "kabupaten_kota",
    "nik",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "gol_darah",
    "alamat",
    "rt",
    "rw",
    "kel_desa",
    "kecamatan",
    "agama",
    "status_perkawinan",
    "pekerjaan",
    "kewarganegaraan",
    "berlaku_hingga",
    "tempat_terbit",
    "tanggal_terbit",
];

impl KtpFields {
    /// The value of a field by its name in [`FIELD_NAMES`].
    pub fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "provinsi" => &self.provinsi,
            "kabupaten_kota" => &self.kabupaten_kota,
            "nik" => &self.nik,
            "nama" => &self.nama,
            "tempat_lahir" => &self.tempat_lahir,
            "tanggal_lahir" => &self.tanggal_lahir,
            "jenis_kelamin" => &self.jenis_kelamin,
            "gol_darah" => &self.gol_darah,
            "alamat" => &self.alamat,
            "rt" => &self.rt,
            "rw" => &self.rw,
            "kel_desa" => &self.kel_desa,
            "kecamatan" => &self.kecamatan,
            "agama" => &self.agama,
            "status_perkawinan" => &self.status_perkawinan,
            "pekerjaan" => &self.pekerjaan,
            "kewarganegaraan" => &self.kewarganegaraan,
            "berlaku_hingga" => &self.berlaku_hingga,
            "tempat_terbit" => &self.tempat_terbit,
            "tanggal_terbit" => &self.tanggal_terbit,
            _ => return None,
        })
    }

    /// Fields from (name, value) pairs; names not in [`FIELD_NAMES`] are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut out = KtpFields::default();
        for (name, value) in pairs {
            if let Some(slot) = out.get_mut(name) {
                value.clone_into(slot);
            }
        }
        out
    }

    /// Mutable access to a field by its name in [`FIELD_NAMES`].
    pub fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "provinsi" => &mut self.provinsi,
            "kabupaten_kota" => &mut self.kabupaten_kota,
            "nik" => &mut self.nik,
            "nama" => &mut self.nama,
            "tempat_lahir" => &mut self.tempat_lahir,
            "tanggal_lahir" => &mut self.tanggal_lahir,
            "jenis_kelamin" => &mut self.jenis_kelamin,
            "gol_darah" => &mut self.gol_darah,
            "alamat" => &mut self.alamat,
            "rt" => &mut self.rt,
            "rw" => &mut self.rw,
            "kel_desa" => &mut self.kel_desa,
            "kecamatan" => &mut self.kecamatan,
            "agama" => &mut self.agama,
            "status_perkawinan" => &mut self.status_perkawinan,
            "pekerjaan" => &mut self.pekerjaan,
            "kewarganegaraan" => &mut self.kewarganegaraan,
            "berlaku_hingga" => &mut self.berlaku_hingga,
            "tempat_terbit" => &mut self.tempat_terbit,
            "tanggal_terbit" => &mut self.tanggal_terbit,
            _ => return None,
        })
    }
}
