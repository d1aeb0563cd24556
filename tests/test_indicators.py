"""Indicators: rates from summed counts, non-additive values, small counts, reference values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from territorial_health_plugin.core import indicators
from territorial_health_plugin.core.catalogue import load_catalogue
from territorial_health_plugin.core.readers import SourceTable

RATIO = indicators.IndicatorSpec(
    id="part_75p", label="Part des 75 ans ou plus", theme="populations_vulnerables", method="ratio",
    level="iris", unit="%", numerator=("POP75P",), denominator=("POP",), scale=100.0, min_denominator=100,
    source_id="insee_rp_population",
)
MEDIAN = indicators.IndicatorSpec(
    id="rev_median", label="Revenu médian", theme="determinants_sociaux", method="published", level="iris",
    unit="€", value_column="DISP_MED", decimals=0, source_id="insee_filosofi_iris",
)
APL = indicators.IndicatorSpec(
    id="apl_mg", label="APL", theme="offre_soins", method="weighted_mean", level="commune",
    value_column="APL", weight="POP_STD", source_id="drees_apl_mg",
)


def iris_table(source_id: str = "insee_rp_population") -> SourceTable:
    frame = pd.DataFrame({
        "code_iris": ["593500101", "593500102", "590090101", "590050000"],
        "POP": [1000.0, 3000.0, 50.0, 800.0],
        "POP75P": [100.0, 600.0, 5.0, 40.0],
        "DISP_MED": [21000.0, 18000.0, float("nan"), 23500.0],
    })
    return SourceTable(source_id=source_id, level="iris", frame=frame)


def iris_units() -> pd.DataFrame:
    codes = ["593500101", "593500102", "590090101", "590050000"]
    return pd.DataFrame({"code_iris": codes, "code_commune": [code[:5] for code in codes]})


def test_rate_recomputed_from_sums():
    result = indicators.compute_indicators([RATIO], [iris_table()], iris_units(), ["59350", "59009", "59005"])
    communes = result.communes.set_index("code_commune")

    # Lille: (100 + 600) / (1000 + 3000), not the mean of 10 % and 20 %.
    assert communes.at["59350", "part_75p"] == pytest.approx(17.5)
    assert result.iris.set_index("code_iris").at["593500102", "part_75p"] == pytest.approx(20.0)


def test_small_denominator_flagged():
    result = indicators.compute_indicators([RATIO], [iris_table()], iris_units(), ["59350", "59009", "59005"])
    flags = result.iris.set_index("code_iris")[RATIO.small_field]

    assert bool(flags["590090101"]) is True
    assert bool(flags["593500101"]) is False


def test_hidden_count_makes_commune_rate_null():
    table = iris_table()
    table.frame.loc[1, "POP75P"] = float("nan")
    result = indicators.compute_indicators([RATIO], [table], iris_units(), ["59350"])
    communes = result.communes.set_index("code_commune")

    assert math.isnan(communes.at["59350", "part_75p"])
    assert result.iris.set_index("code_iris").at["593500101", "part_75p"] == pytest.approx(10.0)


def test_median_never_aggregated():
    result = indicators.compute_indicators([MEDIAN], [iris_table("insee_filosofi_iris")], iris_units(),
                                           ["59350", "59009", "59005"])
    communes = result.communes.set_index("code_commune")

    assert math.isnan(communes.at["59350", "rev_median"])
    # A commune that is a single IRIS "<commune>0000" is that IRIS's population.
    assert communes.at["59005", "rev_median"] == pytest.approx(23500.0)
    assert math.isnan(result.iris.set_index("code_iris").at["590090101", "rev_median"])


def test_weighted_mean_reference():
    frame = pd.DataFrame({"code_commune": ["59350", "59009"], "APL": [4.0, 2.0], "POP_STD": [300.0, 100.0]})
    table = SourceTable(source_id="drees_apl_mg", level="commune", frame=frame)
    reference = indicators.reference_values([APL], [table], ["59350", "59009"])
    territory = reference[reference["level"] == "territoire"].iloc[0]

    assert territory["value"] == pytest.approx((4.0 * 300 + 2.0 * 100) / 400)
    assert territory["origin"] == indicators.ORIGIN_COMPUTED


def test_partial_departement_not_computed():
    frame = pd.DataFrame({"code_commune": ["59350", "59009"], "APL": [4.0, 2.0], "POP_STD": [300.0, 100.0]})
    table = SourceTable(source_id="drees_apl_mg", level="commune", frame=frame)
    reference = indicators.reference_values([APL], [table], ["59350", "59009"]).set_index("level")

    assert reference.at["departement", "origin"] == indicators.ORIGIN_UNAVAILABLE
    assert reference.at["departement", "value"] is None or pd.isna(reference.at["departement", "value"])


def test_published_reference_wins():
    published = SourceTable(source_id="insee_filosofi_reference", level="departement",
                            frame=pd.DataFrame({"code": ["59"], "DISP_MED": [20490.0]}))
    reference = indicators.reference_values([MEDIAN], [iris_table("insee_filosofi_iris"), published],
                                            ["59350"]).set_index("level")

    assert reference.at["departement", "value"] == pytest.approx(20490.0)
    assert reference.at["departement", "origin"] == indicators.ORIGIN_PUBLISHED
    assert reference.at["territoire", "origin"] == indicators.ORIGIN_UNAVAILABLE


def test_catalogue_specs_build():
    catalogue = load_catalogue()
    specs = {indicator.id: indicators.spec_from_catalogue(indicator) for indicator in catalogue}

    assert specs["tx_pauvrete"].method == "published"
    assert specs["apl_mg"].method == "weighted_mean"
    assert specs["apl_mg"].weight == "POP_STD"
    ratios = [spec for spec in specs.values() if spec.method == "ratio"]
    assert ratios, "the catalogue defines rates from numerators and denominators"
    assert all(spec.denominator for spec in ratios)


def test_count_absent_commune_is_zero():
    count = indicators.IndicatorSpec(
        id="nb_pharmacies", label="Pharmacies", theme="offre_soins", method="sum", level="commune",
        numerator=("CAT_620",), missing_is_zero=True, source_id="finess",
    )
    table = SourceTable(source_id="finess", level="commune",
                        frame=pd.DataFrame({"code_commune": ["59350", "59009"], "CAT_620": [12.0, 3.0]}))
    result = indicators.compute_indicators([count], [table], iris_units().iloc[0:0], ["59350", "59009", "59005"])
    communes = result.communes.set_index("code_commune")

    assert communes.at["59350", "nb_pharmacies"] == 12.0
    assert communes.at["59005", "nb_pharmacies"] == 0.0
    reference = result.reference.set_index("level")
    assert reference.at["territoire", "value"] == 15.0
    # A raw count gets no higher-level value: it is not comparable with the territory's.
    assert reference.at["departement", "origin"] == indicators.ORIGIN_UNAVAILABLE


def test_count_no_departement_from_wider_table():
    # The table covers more communes of Nord than the territory (the whole MEL for Lille) but
    # not all of Nord: its sum is no département figure, and a count has no comparison anyway.
    count = indicators.spec_from_catalogue(load_catalogue().by_id("nb_pharmacies"))
    table = SourceTable(source_id="finess", level="commune",
                        frame=pd.DataFrame({"code_commune": ["59350", "59009", "59512"], "CAT_620": [1.0, 3.0, 8.0]}))
    result = indicators.compute_indicators([count], [table], iris_units().iloc[0:0], ["59350"])
    reference = result.reference.set_index("level")

    assert reference.at["territoire", "value"] == 1.0
    for level in ("departement", "region", "france"):
        assert reference.at[level, "origin"] == indicators.ORIGIN_UNAVAILABLE, level
        assert pd.isna(reference.at[level, "value"]), level


def test_count_catalogue_spec_reads_categories():
    catalogue = load_catalogue()
    count = next(indicator for indicator in catalogue if indicator.computation.operation == "count")
    spec = indicators.spec_from_catalogue(count)

    assert spec.method == "sum"
    assert spec.missing_is_zero
    assert spec.numerator == tuple(f"CAT_{value}" for value in count.computation.values)


def test_melodi_reference_used_as_published():
    from territorial_health_plugin.core.sources import insee

    # Melodi's answer shape for DS_FILOSOFI_CC (values invented for the test).
    document = {"observations": [
        {"dimensions": {"GEO": "2025-DEP-59", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "PR_MD60"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 18.9}}},
        {"dimensions": {"GEO": "FRANCE-F", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "PR_MD60"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 14.6}}},
    ]}
    tables = insee.filosofi_reference_tables(insee.parse_melodi(document, "FILOSOFI_MEASURE"), "2019")
    spec = indicators.spec_from_catalogue(load_catalogue().by_id("tx_pauvrete"))
    reference = indicators.reference_values([spec], tables, ["59350"]).set_index("level")

    assert reference.at["departement", "value"] == pytest.approx(18.9)
    assert reference.at["departement", "origin"] == indicators.ORIGIN_PUBLISHED
    assert reference.at["france", "value"] == pytest.approx(14.6)
    assert reference.at["territoire", "origin"] == indicators.ORIGIN_UNAVAILABLE


def apl_table(source_id: str, values: list[float]) -> SourceTable:
    frame = pd.DataFrame({"code_commune": ["59350", "59009"], "APL": values, "POP_STD": [300.0, 100.0]})
    return SourceTable(source_id=source_id, level="commune", frame=frame, vintage="2023")


def test_indicator_never_borrows_column():
    # Every DREES workbook names its column APL: the nurses' APL must not take the GPs' values.
    catalogue = load_catalogue()
    specs = [indicators.spec_from_catalogue(catalogue.by_id(name)) for name in ("apl_mg", "apl_inf", "apl_kine")]
    tables = [apl_table("drees_apl_mg", [4.0, 2.0]), apl_table("drees_apl_kine", [110.0, 90.0])]
    result = indicators.compute_indicators(specs, tables, iris_units().iloc[0:0], ["59350", "59009"])
    communes = result.communes.set_index("code_commune")

    assert communes.at["59350", "apl_mg"] == pytest.approx(4.0)
    assert communes.at["59350", "apl_kine"] == pytest.approx(110.0)
    assert "apl_inf" not in communes.columns
    assert "apl_inf" in result.unavailable
    # The reason names the dataset, not the source id; the fetch step's warning already names
    # the indicator, so the reason is not a warning again.
    assert "(APL) aux infirmières" in result.unavailable["apl_inf"]
    assert "drees_apl_inf" not in result.unavailable["apl_inf"]
    assert result.unavailable["apl_inf"] not in result.warnings
    reference = result.reference.set_index(["indicator", "level"])
    assert reference.at[("apl_inf", "territoire"), "origin"] == indicators.ORIGIN_UNAVAILABLE
    assert pd.isna(reference.at[("apl_inf", "territoire"), "value"])
    assert reference.at[("apl_kine", "territoire"), "value"] == pytest.approx((110.0 * 300 + 90.0 * 100) / 400)


def test_census_ignores_other_source_column():
    # A user's table or another base with a POP column must not feed the census population.
    other = SourceTable(source_id="local:my_table", level="iris", frame=iris_table().frame.assign(POP=1.0))
    result = indicators.compute_indicators([RATIO], [other], iris_units(), ["59350"])

    assert "part_75p" not in result.communes.columns
    assert "part_75p" in result.unavailable


def test_count_null_when_source_missing():
    count = indicators.spec_from_catalogue(load_catalogue().by_id("nb_pharmacies"))
    result = indicators.compute_indicators([count], [apl_table("drees_apl_mg", [4.0, 2.0])], iris_units().iloc[0:0],
                                           ["59350", "59009"])

    # No FINESS table: the count is unknown, never 0.
    assert "nb_pharmacies" not in result.communes.columns
    assert "nb_pharmacies" in result.unavailable


def test_published_reference_other_vintage_ignored():
    published = SourceTable(source_id="insee_filosofi_reference", level="departement", vintage="2021",
                            frame=pd.DataFrame({"code": ["59"], "DISP_MED": [21500.0]}))
    stranger = SourceTable(source_id="local:medians", level="departement",
                           frame=pd.DataFrame({"code": ["59"], "DISP_MED": [99999.0]}))
    own = iris_table("insee_filosofi_iris")
    own.vintage = "2019"
    reference = indicators.reference_values([MEDIAN], [own, published, stranger], ["59350"]).set_index("level")

    # A 2021 figure is not the published value of 2019 data, and a user's table is not INSEE's.
    assert reference.at["departement", "origin"] == indicators.ORIGIN_UNAVAILABLE
    published.vintage = "2019"
    reference = indicators.reference_values([MEDIAN], [own, published, stranger], ["59350"]).set_index("level")
    assert reference.at["departement", "value"] == pytest.approx(21500.0)


def test_share_above_100_reported():
    table = iris_table()
    table.frame.loc[0, "POP75P"] = 1500.0
    result = indicators.compute_indicators([RATIO], [table], iris_units(), ["59350", "59009", "59005"])

    assert result.iris.set_index("code_iris").at["593500101", "part_75p"] == pytest.approx(150.0)
    messages = [w for w in result.warnings if "part_75p" in w]
    assert len(messages) == 1
    assert "593500101" in messages[0]


def test_plausible_shares_not_reported():
    result = indicators.compute_indicators([RATIO], [iris_table()], iris_units(), ["59350", "59009", "59005"])

    assert result.warnings == []


def test_territory_total_keeps_former_code_iris():
    # 593560101 starts with a former commune's code: the territory lists it under Lille (59350).
    table = iris_table()
    table.frame.loc[1, "code_iris"] = "593560101"
    units = iris_units()
    units.loc[1, "code_iris"] = "593560101"
    result = indicators.compute_indicators([RATIO], [table], units, ["59350", "59009", "59005"])
    territory = result.reference.set_index("level").loc["territoire"]

    assert territory["units"] == 4
    assert territory["value"] == pytest.approx(100 * (100 + 600 + 5 + 40) / (1000 + 3000 + 50 + 800))
    assert result.communes.set_index("code_commune").at["59350", "part_75p"] == pytest.approx(17.5)


def test_specs_follow_table_vintage():
    # From census 2022 on, workers are the PCS 2020 group, not CS6: the 2022 file's columns are read.
    ouvriers = load_catalogue().by_id("part_ouvriers")
    frame = pd.DataFrame({"code_iris": ["593500101"], "C_ACT1564": [200.0], "C_ACT1564_STAT_GSEC16_26": [50.0]})
    table = SourceTable(source_id="insee_rp_activite", level="iris", frame=frame, vintage="2022")
    specs = indicators.specs_for_tables([ouvriers], [table])
    result = indicators.compute_indicators(specs, [table], iris_units().iloc[0:1], ["59350"])

    assert specs[0].numerator == ("C_ACT1564_STAT_GSEC16_26",)
    assert result.iris.set_index("code_iris").at["593500101", "part_ouvriers"] == pytest.approx(25.0)
    assert indicators.specs_for_tables([ouvriers], [])[0].numerator == ("C_ACT1564_CS6",)


def test_count_territory_without_any_is_zero():
    # FINESS is loaded but no commune of the territory has a pharmacy: the total is 0, not unknown.
    count = indicators.spec_from_catalogue(load_catalogue().by_id("nb_pharmacies"))
    table = SourceTable(source_id="finess", level="commune",
                        frame=pd.DataFrame({"code_commune": ["62041"], "CAT_620": [2.0]}))
    result = indicators.compute_indicators([count], [table], iris_units().iloc[0:0], ["59350", "59009"])
    territory = result.reference.set_index("level").loc["territoire"]

    assert territory["value"] == 0.0
    assert territory["origin"] == indicators.ORIGIN_COMPUTED
    assert territory["units"] == 2
    assert result.communes.set_index("code_commune").at["59009", "nb_pharmacies"] == 0.0
