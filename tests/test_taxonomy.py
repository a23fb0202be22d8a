"""The 二级 categories reports write, read as fine labels (or as no category)."""

import pytest

from nlp.taxonomy import stated_to_fine


@pytest.mark.parametrize(
    "stated, fine",
    [
        ("数量指标", "quantity"),
        ("质量指标", "quality"),
        ("时效指标", "timeliness"),
        ("成本指标", "cost"),
        ("经济效益指标", "economic"),
        ("社会效益", "social"),
        ("生态效益指标", "ecological"),
        # The 2010s forms' name for 生态效益.
        ("环境效益", "ecological"),
        ("环境效益指标", "ecological"),
        ("可持续影响指标", "sustainable"),
        ("社会公众或服务对象满意度", "satisfaction"),
        ("服务对象满意度指标", "satisfaction"),
        # Work areas name no category: only the classifier can say what such a row is.
        ("机关党建", None),
        ("人居环境整治", None),
        ("", None),
        (None, None),
    ],
)
def test_stated_category(stated, fine):
    assert stated_to_fine(stated) == fine
