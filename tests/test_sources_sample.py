"""Where offline files are found: the embedded sample and the user's data folder."""

from __future__ import annotations

import pytest

from territorial_health_plugin.core.sources import insee, sample


@pytest.mark.parametrize("source_id", sorted(sample.SAMPLE_FILES))
def test_sample_file_exists(source_id):
    path = sample.sample_file(source_id)
    assert path is not None
    assert path.is_file()


def test_sample_has_no_nurse_apl():
    assert sample.sample_file("drees_apl_inf") is None


@pytest.mark.parametrize(
    ("source_id", "name"),
    [
        ("insee_rp_population", "base-ic-evol-struct-pop-2021_csv.zip"),
        ("insee_rp_logement", "BASE-IC-LOGEMENT-2020.CSV"),
        ("insee_filosofi_iris", "BASE_TD_FILO_IRIS_2021_DISP_CSV.zip"),
        ("insee_filosofi_iris", "BASE_TD_FILO_DISP_IRIS_2020_CSV.zip"),
        ("insee_filosofi_iris", "BASE_TD_FILO_DISP_IRIS_2019.zip"),
        ("drees_apl_mg", "indicateur_d_accessibilite_potentielle_localisee_apl_aux_medecins_generalistes.xlsx"),
        ("finess", "etalab-cs1100507-stock-20260512-0336.csv"),
        ("qpv", "qpv-2024-geojson.zip"),
    ],
)
def test_published_names_found(tmp_path, source_id, name):
    (tmp_path / "sous-dossier").mkdir()
    path = tmp_path / "sous-dossier" / name
    path.write_bytes(b"")
    assert sample.data_dir_file(tmp_path, source_id) == path


def test_latest_vintage_chosen(tmp_path):
    for year in ("2019", "2021", "2020"):
        (tmp_path / f"base-ic-evol-struct-pop-{year}_csv.zip").write_bytes(b"")
    assert sample.data_dir_file(tmp_path, "insee_rp_population").name == "base-ic-evol-struct-pop-2021_csv.zip"
    chosen = sample.data_dir_file(tmp_path, "insee_rp_population", vintage="2020")
    assert chosen.name == "base-ic-evol-struct-pop-2020_csv.zip"


def test_unrelated_files_ignored(tmp_path):
    (tmp_path / "notes.csv").write_bytes(b"")
    (tmp_path / "meta_base-ic-evol-struct-pop-2021.CSV").write_bytes(b"")
    assert sample.data_dir_file(tmp_path, "insee_rp_population") is None
    assert sample.data_dir_file(tmp_path / "absent", "insee_rp_population") is None


def test_comparateur_commune_columns(tmp_path):
    path = tmp_path / "base_cc_comparateur.csv"
    path.write_text(
        "CODGEO;P16_POP;P22_POP;MED21;TP6021\n01001;780;832;23450;s\n2A004;69000;71361;21040;17.9\n", encoding="utf-8"
    )
    table = insee.read_comparateur(path, ("POP", "MED", "TP60"))
    frame = table.frame.set_index("code_commune")
    assert table.level == "commune"
    assert frame.loc["01001", "POP"] == 832
    assert frame.loc["2A004", "MED"] == 21040
    assert table.hidden_counts["TP60"] == 1
    assert any("2021" in warning and "2022" in warning for warning in table.warnings)
