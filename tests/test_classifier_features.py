"""The text the value-form features read, and the forms they see in it."""

import pytest

from nlp.classifier.features import form_tokens, value_text


@pytest.mark.parametrize(
    "name, target, value",
    [
        ("督促检查", "≥60次", "≥60次"),
        # No target: the name states the value.
        ("2024年10月底前完成全部补助资金拨付", "", "2024年10月底前完成全部补助资金拨付"),
        ("新建村级文化活动室8个", None, "新建村级文化活动室8个"),
        # No target and a name that states none: nothing to read (form:empty).
        ("培训人次", "", ""),
        ("群众满意度", None, ""),
        # A bare number takes the unit, or fills the template, the name ends with.
        ("其中:实施新造林总面积(亩)", "30000", "30000亩"),
        ("项目总投入(≥**万元)", "6070", "≥6070万元"),
        ("苗木成活率（≥**%）", "85", "≥85%"),
        # A target with its own unit is left alone; brackets that hold no unit are not one.
        ("受益人数(人)", "≥500人", "≥500人"),
        ("业务培训(一期)", "3", "3"),
        ("工程完工率", "100", "100"),
    ],
)
def test_value_text(name, target, value):
    assert value_text(name, target) == value


@pytest.mark.parametrize(
    "target, tokens",
    [
        ("", ["form:empty"]),
        ("拓宽", ["form:none"]),
        ("30000", ["form:bare_number"]),
        ("98.5", ["form:bare_number"]),
        ("≥1050元", ["kind:money", "kind_op:money:up", "op:up"]),
        ("12月底前", ["kind:date", "kind_op:date:down", "op:down"]),
    ],
)
def test_form_tokens(target, tokens):
    assert form_tokens(target) == tokens
