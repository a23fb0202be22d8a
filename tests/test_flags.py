"""Each flag rule on real seed rows (corpus/reports/*.txt) that should and should not trigger it.

Rows are built by hand from the seed text (name, 年度指标值, 实际完成值, stated 二级 category,
分值/得分); their claims come from the real claims extractor. Where the seeds have no
example (no seed row misses its target), a seed row is altered in one cell and the case id
says so ("altered_").
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from nlp.flags import CODES, annotate_report, indicator_flags
from nlp.flags.base import extract
from nlp.flags.category import duplicate_flags, missing_category_flags
from nlp.flags.lexicon import lexicon
from nlp.flags.report import claims_conflict_flags, scoring_flags
from nlp.flags.summary import summarise
from nlp.schema import Flag, Indicator, Paragraph, Report, ScoringRow

REPORTS = Path(__file__).resolve().parents[1] / "corpus" / "reports"


def row(name, target=None, actual=None, stated=None, weight=None, score=None, note=None, table="t1", **kw):
    return Indicator(
        id=kw.pop("id", "r"),
        table=table,
        level1=kw.pop("level1", None),
        stated_category=stated,
        name=name,
        target=target,
        actual=actual,
        weight=None if weight is None else Decimal(str(weight)),
        score=None if score is None else Decimal(str(score)),
        deviation_note=note,
        target_claims=extract(target),
        actual_claims=extract(actual),
        **kw,
    )


def codes(ind: Indicator) -> list[str]:
    return [f.code for f in indicator_flags(ind)]


# --- rows copied from the seeds --------------------------------------------------------
# 003 department table (附件2) and project table (附件3)
S003_STUDY = dict(name="积极开展理论学习.培训", target="12次", actual="20次", stated="数量指标", weight=5, score=5)
S003_DRAFTS = dict(name="起草文稿，报送信息", target="800篇、条", actual="850篇、条", stated="数量指标", weight=5, score=5)
S003_CHECKS = dict(name="督促检查", target="≥60次", actual="70次", stated="数量指标", weight=5, score=5)
S003_PASS = dict(name="稿件合格率", target="≥98%", actual="100%", stated="质量指标", weight=5, score=5)
S003_DATE = dict(name="按计划时间完成任务", target="2023、12、31", actual="2023、12、31", stated="时效指标", weight=10, score=10)
S003_COST = dict(name="支出不超过预算批复金额", target="≤1013.19万元", actual="1013.19万元", stated="成本指标", weight=10, score=10)
S003_ECON = dict(name="服务经济社会发展", target="　效果明显", actual="　效果明显", stated="经济效\n益指标", weight=10, score=9)
S003_SOC = dict(name="服务经济社会发展", target="　效果明显", actual="　效果明显", stated="社会效\n益指标", weight=5, score=5)
S003_ECO = dict(name="服务生态环保提升", target="　效果明显", actual="　效果明显", stated="生态效\n益指标", weight=5, score=5)
S003_SAT = dict(name="社会公众或服务对象满意度", target="　≧95%", actual="　98%", stated="服务对象满意度指标", weight=10, score=10)
P003_REFORM = dict(name="开展改革类工作专项督查", target="　≥12次", actual="　12次", stated="数量指标", weight=5, score=5)
P003_MEET = dict(name="召开区委全面深化改革各项会议", target="　≥4次", actual="　6次", stated="数量指标", weight=5, score=5)
P003_TIMELY = dict(name="督查及时性", target="　=100%", actual="　=100%", stated="质量指标", weight=10, score=10)
P003_HQ = dict(name="高质量完成率", target="　≥95%", actual="　98%", stated="质量指标", weight=10, score=10)
P003_SPEND = dict(name="经费支出时效性", target="　2023-12-31", actual="　2023-12-31", stated="时效指标", weight=10, score=10)
P003_BUDGET = dict(name="年初内预算", target="　≤100%", actual="　≤100%", stated="成本指标", weight=10, score=10)
P003_ECON = dict(name="发展高质量经济", target="有效促进", actual="有效促进", stated="经济效\n益指标", weight=10, score=8)
P003_SOC = dict(name="提高为民服务水平", target="有效增强", actual="有效增强", stated="社会效\n益指标", weight=10, score=10)
P003_WATER = dict(name="节约水电", target="有效减少", actual="有效减少", stated="生态效\n益指标", weight=5, score=5)
P003_SUST = dict(name="进一步提升工作质量、优化党委办公环境", target="效果明显", actual="效果明显", stated="可持续影响指标", weight=5, score=5)
P003_SAT = dict(name="服务对象满意度指标", target="　≥95%", actual="　96%", stated="服务对象满意度指标", weight=10, score=10)
# 002 and 001 (old layout: the 绩效目标 cell is the statement, no separate target cell)
S002_THEORY = dict(name="指标1：不断加强党的理论武装。", actual="完成", stated="质量指标")
S002_TRAIN = dict(name="指标1：举办各类培训班55期", actual="完成", stated="数量指标")
S002_CADRES = dict(name="指标2：组织150余名科级干部到疫情防控、自建房排查、重点工程征拆等中心工作", actual="完成", stated="数量指标")
S002_COVER = dict(name="指标3：“一企一策”研判组建形式，非公企业、社会组织党组织覆盖率80%以上。", actual="完成", stated="数量指标")
S002_GRID = dict(
    name="指标1：全区组织工作紧扣四个“大格局”，通过选好干部、配强班子、建强组织、盘活人才，不断优化组织资源配置。",
    actual="完成",
    stated="时效指标",
)
S002_SAT = dict(name="指标1：社会公众比较满意", actual="完成", stated="社会公众或服务对象满意度")
S001_PARTY = dict(
    name="指标1：坚持党建引领提升工作能力水平",
    actual="开展“三表率一模范”机关创建和“三亮三为”活动；干部积极参加全区党支部书记、智慧党建平台等业务培训加强党建队伍建设，队伍形象与工作能力显著提升。",
    stated="质量指标",
)
S001_STAFF = dict(
    name="指标2：规范中小学教职工编制动态管理",
    actual="联合纪检、财政、人社等相关职能部门对全区中小学、幼儿园教职工编制重新核准，同时开展教育系统“吃空饷”问题专项清理，进一步规范了教职工编制管理。",
    stated="质量指标",
)
S001_INSPECT = dict(name="指标3：完成省委巡视机构编制专项检查", actual="针对下发的反馈意见，已制定整改方案，整改工作正按要求落实", stated="质量指标")
S001_SELF = dict(
    name="指标1：开展超审批权限设置机构问题的自查自纠工作",
    actual="按上级要求对全区超审批权限设置机构、超规格超职数配备领导干部、自行设置领导职务名称等3项查出问题5个，全部整改到位。",
    stated="数量指标",
)
S001_PLAN = dict(name="指标1：按工作计划实施", actual="已完成", stated="时效指标")
S001_COST = dict(name="指标1：控制运行成本", actual="控制在预算内", stated="成本指标")
S001_REG = dict(name="指标：优化事业单位登记服务", actual="简化事业单位登记程序，方便服务对象办理业务。", stated="社会效益")
S001_NONE = dict(name="指标：无此目标", actual="无此目标", stated="生态效益")
S001_SAT = dict(name="指标1：人民群众的满意度达95%以上。", actual="满意度达97%", stated="社会公众或服务对象满意度")
S000_PARTY = dict(
    name="1、发展新党员、预备党员转正；2、区直机关党（总）支部负责人培训；3、开展机关党员志愿者活动和文明机关创建；"
    "4、党支部书记上党课及“三会一课”督导；5、在省第七次机关党建代表大会上成功当选省理事单位。",
    actual="已完成",
    stated="机关党建",
)
S000_COST = dict(name="成本指标", target="100%", actual="已完成", stated="成本指标")
S000_SOC = dict(name="在区域经济发展中彰显了部门作为，提升了整体形象，凝聚了社会正能量", actual="已完成", stated="社会效益")


def altered(base: dict, **changes) -> dict:
    return {**base, **changes}


def case(base: dict, expected: bool, id: str):
    return pytest.param(base, expected, id=id)


def check(code: str, kwargs: dict, expected: bool):
    got = codes(row(**kwargs))
    assert (code in got) == expected, got


# --- vague_target ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S003_ECON, True, "003_效果明显"),
        case(P003_ECON, True, "003_有效促进"),
        case(P003_WATER, True, "003_有效减少"),
        case(S002_THEORY, True, "002_不断加强党的理论武装"),
        case(S002_GRID, True, "002_四个大格局_slogan_not_a_count"),
        case(S002_SAT, True, "002_比较满意_not_a_level"),
        case(S001_PLAN, True, "001_按工作计划实施"),
        case(S001_INSPECT, True, "001_完成专项检查_no_level"),
        case(S000_PARTY, True, "000_task_list_ordinals_not_claims"),
        case(S000_SOC, True, "000_boilerplate_benefit"),
        case(dict(name="指标1：落实人才新政45条", actual="完成"), True, "domain_policy_name_with_number"),
        case(S003_CHECKS, False, "003_≥60次"),
        case(S003_DATE, False, "003_date"),
        case(S003_COST, False, "003_money_ceiling"),
        case(P003_BUDGET, False, "003_≤100%_is_a_claim"),
        case(S002_TRAIN, False, "002_55期"),
        case(S002_CADRES, False, "002_150余名"),
        case(S002_COVER, False, "002_覆盖率80%以上"),
        case(S001_SAT, False, "001_满意度95%以上"),
        case(S000_COST, False, "000_100%"),
        case(altered(S003_PASS, target="合格"), False, "altered_graded_level_合格"),
        case(S001_NONE, False, "001_placeholder_not_judged"),
        # rows of the Shenzhen declarations (../shared/corpus/shenzhen_targets): forms the seeds lack
        case(dict(name="厨师厨工的服务效果", target="≥95分", stated="质量"), False, "shenzhen_score_target_≥95分"),
        case(dict(name="园林绿化建设效果", target="一级", stated="质量"), False, "shenzhen_graded_一级"),
        case(dict(name="食堂生鲜干货质量", target="生鲜干货质量合格", stated="质量"), False, "shenzhen_short_pass_level"),
        case(dict(name="部门", target="1", stated="数量"), False, "shenzhen_bare_number"),
        case(dict(name="应急物资补充及时性", target="及时", stated="时效"), True, "shenzhen_及时_without_limit"),
        case(dict(name="市民群众满意度", target="基本满意", stated="服务对象满意度"), True, "shenzhen_基本满意"),
    ],
)
def test_vague_target(kwargs, expected):
    check("vague_target", kwargs, expected)


# --- vague_actual ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S002_TRAIN, True, "002_完成_where_count_due"),
        case(S000_COST, True, "000_已完成"),
        case(S000_PARTY, True, "000_已完成_after_task_list"),
        case(S001_COST, True, "001_控制在预算内"),
        case(S001_PLAN, True, "001_已完成"),
        case(P003_BUDGET, True, "003_≤100%_restates_target"),
        case(S003_ECON, True, "003_copies_vague_target"),
        case(P003_SOC, True, "003_有效增强_copied"),
        case(altered(S003_ECO, target="≥10%"), True, "altered_boilerplate_only_actual"),
        case(S003_STUDY, False, "003_20次"),
        case(P003_TIMELY, False, "003_=100%_is_a_value"),
        case(P003_SPEND, False, "003_date"),
        case(S001_SELF, False, "001_counts_in_actual"),
        case(S001_REG, False, "001_concrete_description"),
        case(S001_PARTY, False, "001_description_with_boilerplate_tail"),
        case(S001_INSPECT, False, "001_status_description"),
        case(S001_SAT, False, "001_满意度达97%"),
        case(S001_NONE, False, "001_placeholder_not_judged"),
    ],
)
def test_vague_actual(kwargs, expected):
    check("vague_actual", kwargs, expected)


# --- not_applicable ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S001_NONE, True, "001_无此目标"),
        case(dict(name="指标1：不适用", actual="不适用", stated="生态效益"), True, "不适用"),
        case(dict(name="/", target="/", actual="/", stated="生态效益指标"), True, "slash"),
        case(dict(name="节约水电", target="—", actual="—", stated="生态效益指标"), True, "dash_target_and_actual"),
        case(P003_WATER, False, "003_节约水电"),
        case(S002_SAT, False, "002_比较满意"),
        case(dict(name="指标1：无此目标以外的工作", actual="完成"), False, "placeholder_word_inside_text"),
    ],
)
def test_not_applicable(kwargs, expected):
    check("not_applicable", kwargs, expected)


def test_not_applicable_row_gets_no_other_flag():
    assert codes(row(**S001_NONE)) == ["not_applicable"]


# --- not_comparable ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(altered(S003_CHECKS, actual="开展暗访督查，有效督促问题解决"), True, "altered_text_only_actual"),
        case(altered(S003_PASS, actual="850篇、条"), True, "altered_percent_vs_count"),
        case(altered(S003_DRAFTS, actual="70次"), True, "altered_count_units_differ"),
        case(S003_STUDY, False, "003_次_vs_次"),
        case(S003_DRAFTS, False, "003_篇条_vs_篇条"),
        case(S003_COST, False, "003_money_vs_money"),
        case(S003_DATE, False, "003_date_vs_date"),
        case(S002_TRAIN, False, "002_完成_is_vague_actual_instead"),
    ],
)
def test_not_comparable(kwargs, expected):
    check("not_comparable", kwargs, expected)


# --- target_not_met ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(altered(P003_REFORM, actual="10次"), True, "altered_≥12次_vs_10次"),
        case(altered(S003_PASS, actual="96%"), True, "altered_≥98%_vs_96%"),
        case(altered(S003_COST, actual="1105.56万元"), True, "altered_money_over_ceiling"),
        case(altered(P003_SPEND, actual="2024-01-15"), True, "altered_date_late"),
        case(altered(S003_STUDY, actual="10次"), True, "altered_plain_12次_vs_10次"),
        case(P003_SAT, False, "003_≥95%_vs_96%"),
        case(P003_REFORM, False, "003_≥12次_vs_12次"),
        case(S003_STUDY, False, "003_12次_vs_20次"),
        case(S003_COST, False, "003_≤1013.19万元_vs_equal"),
        case(S003_DATE, False, "003_same_date"),
        case(P003_TIMELY, False, "003_=100%_vs_=100%"),
        case(P003_BUDGET, False, "003_≤100%_actual_not_compared"),
        case(altered(S003_COST, actual="1000万元"), False, "altered_money_under_ceiling"),
    ],
)
def test_target_not_met(kwargs, expected):
    check("target_not_met", kwargs, expected)


# --- overshoot ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S003_STUDY, True, "003_12次_vs_20次"),
        case(P003_MEET, True, "003_≥4次_vs_6次"),
        case(S003_CHECKS, False, "003_≥60次_vs_70次_1.17"),
        case(S003_DRAFTS, False, "003_800_vs_850"),
        case(P003_SAT, False, "003_≥95%_vs_96%"),
        case(altered(S003_COST, actual="500万元"), False, "altered_ceiling_underspent_is_not_overshoot"),
    ],
)
def test_overshoot(kwargs, expected):
    check("overshoot", kwargs, expected)


# --- score_inconsistent (row) --------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(altered(P003_REFORM, actual="10次"), True, "altered_unmet_full_score"),
        case(altered(S003_PASS, score=6), True, "altered_score_above_weight"),
        case(altered(P003_REFORM, actual="10次", score=3), False, "altered_unmet_partial_score"),
        case(P003_REFORM, False, "003_met_full_score"),
        case(S003_ECON, False, "003_9_of_10"),
    ],
)
def test_score_inconsistent(kwargs, expected):
    check("score_inconsistent", kwargs, expected)


# --- deviation_unexplained -----------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(altered(P003_REFORM, actual="10次", note="　"), True, "altered_unmet_blank_note"),
        case(altered(P003_REFORM, actual="10次", note="无"), True, "altered_unmet_note_无"),
        case(altered(P003_REFORM, actual="10次", note="受汛期影响，2次督查顺延至次年一季度"), False, "altered_unmet_explained"),
        case(P003_REFORM, False, "003_met_blank_note"),
    ],
)
def test_deviation_unexplained(kwargs, expected):
    check("deviation_unexplained", kwargs, expected)


# --- ceiling_target ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(altered(P003_BUDGET, name="公文差错率", stated="质量指标", actual="0.5%"), True, "altered_share_≤100%"),
        case(altered(P003_TIMELY, target="≥100%", actual="100%"), True, "altered_≥100%"),
        case(altered(S003_PASS, actual="105%"), True, "altered_actual_above_100%"),
        case(P003_TIMELY, False, "003_=100%"),
        # spending against the budget can exceed 100%: "≤100%" is a real cap there
        case(P003_BUDGET, False, "003_年初内预算_≤100%_is_a_budget_cap"),
        case(altered(P003_BUDGET, name="预算执行率", stated="产出指标"), False, "altered_预算执行率_≤100%"),
        case(S003_PASS, False, "003_≥98%"),
        case(S003_SAT, False, "003_≧95%"),
    ],
)
def test_ceiling_target(kwargs, expected):
    check("ceiling_target", kwargs, expected)


# --- value_form_mismatch ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S001_PLAN, True, "001_时效_without_date"),
        case(S002_SAT, True, "002_满意度_without_percent"),
        case(altered(S003_COST, target="≥1013.19万元"), True, "altered_成本_with_≥"),
        case(altered(S003_PASS, target="800篇"), True, "altered_rate_name_count_target"),
        case(S003_DATE, False, "003_时效_date"),
        case(P003_SAT, False, "003_满意度_percent"),
        case(S003_COST, False, "003_成本_≤"),
        case(S003_PASS, False, "003_rate_percent"),
    ],
)
def test_value_form_mismatch(kwargs, expected):
    check("value_form_mismatch", kwargs, expected)


# --- activity_not_measure --------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S003_ECON, True, "003_服务经济社会发展"),
        case(S001_STAFF, True, "001_规范"),
        case(S002_THEORY, True, "002_不断加强"),
        case(S001_COST, True, "001_控制运行成本"),
        case(S003_STUDY, False, "003_开展_but_12次"),
        case(P003_WATER, False, "003_节约水电_no_verb"),
        case(S001_INSPECT, False, "001_完成_is_a_task"),
        case(S003_SAT, False, "003_satisfaction"),
    ],
)
def test_activity_not_measure(kwargs, expected):
    check("activity_not_measure", kwargs, expected)


# --- process_as_output ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(P003_SPEND, True, "003_经费支出时效性_as_时效"),
        case(dict(name="资金到位率", target="100%", actual="100%", stated="数量指标"), True, "domain_资金到位率_as_产出"),
        case(P003_BUDGET, False, "003_年初内预算_as_成本"),
        case(S003_COST, False, "003_支出不超过预算_as_成本"),
        case(P003_TIMELY, False, "003_督查及时性"),
    ],
)
def test_process_as_output(kwargs, expected):
    check("process_as_output", kwargs, expected)


# --- long_name --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(P003_SUST, True, "003_17_chars"),
        case(P003_MEET, False, "003_14_chars"),
        case(S002_GRID, False, "002_old_layout_statement_not_a_三级_name"),
        case(S000_SOC, False, "000_old_layout_statement"),
    ],
)
def test_long_name(kwargs, expected):
    check("long_name", kwargs, expected)


# --- unnamed_indicator ------------------------------------------------------------------------
# Seed 000 as the reader gives it: the 成本 row's only text is its value.
S000_COST_AS_READ = dict(name="100%", target="100%", actual="已完成", stated="成本指标")


@pytest.mark.parametrize(
    "kwargs,expected",
    [
        case(S000_COST_AS_READ, True, "000_成本_row_named_100%"),
        case(dict(S000_COST_AS_READ, name="指标1：≥95%"), True, "marker_then_value"),
        case(P003_SUST, False, "003_named_row"),
        case(dict(S000_COST_AS_READ, name="PM2.5达标率"), False, "name_with_digits_and_words"),
    ],
)
def test_unnamed_indicator(kwargs, expected):
    check("unnamed_indicator", kwargs, expected)


# --- duplicate_indicator ------------------------------------------------------------------------
def _dup_rows(*rows):
    return tuple(row(**{**r, "id": f"i{k}"}) for k, r in enumerate(rows))


@pytest.mark.parametrize(
    "rows,flagged",
    [
        pytest.param((S003_ECON, S003_SOC, S003_ECO), {0, 1}, id="003_服务经济社会发展_econ_and_social"),
        pytest.param((S003_ECO, P003_WATER, P003_SUST), set(), id="003_distinct_names"),
        pytest.param(
            (S003_SAT, altered(S003_SAT, table="t2")), set(), id="same_name_in_two_tables_is_not_a_duplicate"
        ),
    ],
)
def test_duplicate_indicator(rows, flagged):
    inds = _dup_rows(*rows)
    assert set(duplicate_flags(inds)) == flagged


# --- missing_category --------------------------------------------------------------------------
S000_ROWS = (
    S000_PARTY,
    altered(S000_PARTY, stated="干部作风", name="1、制定作风建设考评细则；2、开展干部纪律作风督促检查和专项整治"),
    S000_COST,
    S000_SOC,
    dict(name="社会公众或服务对象满意度", target="100%", actual="已完成", stated="社会公众或服务对象满意度"),
)
S003_DEPT = (S003_STUDY, S003_DRAFTS, S003_CHECKS, S003_PASS, S003_DATE, S003_COST, S003_ECON, S003_SOC, S003_ECO, S003_SAT)


@pytest.mark.parametrize(
    "rows,expected",
    [
        pytest.param(S000_ROWS, {"无质量指标", "无时效指标", "benefit"}, id="000_no_quality_no_timeliness_benefit_qualitative"),
        pytest.param(S003_DEPT, {"benefit"}, id="003_dept_benefits_all_效果明显"),
        pytest.param(S003_DEPT[:6] + (altered(P003_WATER, target="≥10%", actual="12%"), S003_SAT), set(), id="altered_003_one_measurable_benefit"),
    ],
)
def test_missing_category(rows, expected):
    flags = missing_category_flags(_dup_rows(*rows))
    got = {f.evidence if f.evidence.startswith("无") else "benefit" for f in flags}
    assert got == expected


def test_missing_category_benefit_evidence_names_the_rows():
    flags = missing_category_flags(_dup_rows(*S003_DEPT))
    assert flags[0].evidence.count("效果明显") == 3


# --- score_inconsistent (scoring table) ----------------------------------------------------------
# (level1, level2, criterion, weight, score) as in the seeds' 部门整体支出绩效评价评分表
_SCORING_001 = [
    ("投  入\n（15分）", "预算配置\n（15分）", "财政供养人员\n控制率", 5, 5),
    ("投  入\n（15分）", "预算配置\n（15分）", "“三公经费”\n变动率", 5, 5),
    ("投  入\n（15分）", "预算配置\n（15分）", "重点支出\n安排率", 5, 5),
    ("过  程\n（40分）", "预算执行\n（15分）", "预算调整率", 3, 3),
    ("过  程\n（40分）", "预算执行\n（15分）", "支付进度", 3, 3),
    ("过  程\n（40分）", "预算执行\n（15分）", "资金结余", 3, 3),
    ("过  程\n（40分）", "预算执行\n（15分）", "“三公经费”\n控制率", 6, 6),
    ("过  程\n（40分）", "预算管理\n（15分）", "管理制度\n健全性", 3, 3),
    ("过  程\n（40分）", "预算管理\n（15分）", "资金使用\n合规性", 3, 3),
    ("过  程\n（40分）", "预算管理\n（15分）", "预决算信息公开性和完善性", 3, 3),
    ("过  程\n（40分）", "预算管理\n（15分）", "政府采购\n执行率", 3, 3),
    ("过  程\n（40分）", "预算管理\n（15分）", "公务卡刷卡率", 3, 3),
    ("过  程\n（40分）", "资产管理\n（10分）", "管理制度\n健全性", 3, 3),
    ("过  程\n（40分）", "资产管理\n（10分）", "资产管理\n安全性", 4, 4),
    ("过  程\n（40分）", "资产管理\n（10分）", "固定资产\n利用率", 3, 3),
    ("产  出（25分）", "职责履行\n（25分）", "推进全面小康建设指标任务完成情况", 5, 4),
    ("产  出（25分）", "职责履行\n（25分）", "建设湖南新增极目标任务完成情况", 7, 7),
    ("产  出（25分）", "职责履行\n（25分）", "《政府工作报告》目标任务完成情况", 5, 5),
    ("产  出（25分）", "职责履行\n（25分）", "省市重点民生实事完成情况", 2, 2),
    ("产  出（25分）", "职责履行\n（25分）", "省市重点工程和重大项目建设完成情况", 2, 1),
    ("产  出（25分）", "职责履行\n（25分）", "其他工作实绩指标完成情况", 4, 4),
    ("效  果\n（20分）", "履职效益\n（20分）", "经济效益", 15, 5),
    ("效  果\n（20分）", "履职效益\n（20分）", "社会效益", None, 5),
    ("效  果\n（20分）", "履职效益\n（20分）", "生态效益", None, 4),
    ("效  果\n（20分）", "履职效益\n（20分）", "社会公众或服务对象满意度", 5, 5),
    ("总 分", None, "", 100, 97),
]
# 002 differs from 001 in five scores, and its rows add up to 98 while its 总分 says 99
_SCORING_002 = [
    (l1, l2, c, w, {"预算调整率": 2, "固定资产\n利用率": 2, "推进全面小康建设指标任务完成情况": 5,
                    "省市重点工程和重大项目建设完成情况": 2, "生态效益": 5, "": 99}.get(c, s))
    for l1, l2, c, w, s in _SCORING_001
]


def _scoring_report(rows, overall):
    scoring = tuple(
        ScoringRow(level1=l1, level2=l2, criterion=c, weight=None if w is None else Decimal(w),
                   score=None if s is None else Decimal(s), table="s1")
        for l1, l2, c, w, s in rows
    )
    return Report(path="x", kind="department_report", scoring=scoring, overall_score=Decimal(overall))


@pytest.mark.parametrize(
    "rows,overall,expected",
    [
        pytest.param(_SCORING_001, 97, [], id="001_adds_up"),
        pytest.param(_SCORING_002, 95, ["得分合计98，与总分栏99", "综合得分95与评分表总分99"], id="002_98_vs_99_vs_95"),
        pytest.param(
            [r if r[2] != "支付进度" else (r[0], r[1], r[2], 3, 4) for r in _SCORING_001], 97,
            ["支付进度”得分4高于分值3", "得分合计98，与总分栏97"], id="altered_001_score_above_weight",
        ),
        pytest.param(
            [r if r[2] != "支付进度" else (r[0], r[1], r[2], 4, 3) for r in _SCORING_001], 97,
            ["“预算执行（15分）”下各项分值合计16", "“过程（40分）”下各项分值合计41", "分值合计101，与总分栏100"],
            id="altered_001_subtotal_broken",
        ),
    ],
)
def test_scoring_arithmetic(rows, overall, expected):
    messages = [f.message for f in scoring_flags(_scoring_report(rows, overall))]
    assert len(messages) == len(expected), messages
    for want in expected:
        assert any(want in m for m in messages), (want, messages)


# --- claims_conflict --------------------------------------------------------------------------
def _narrative_report(path: Path, extra_indicators=()) -> Report:
    """The seed's prose lines (those not in table cells) as paragraphs with real claims."""
    text = path.read_text(encoding="utf-8")
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and not line.startswith("\t"):
            claims = tuple(
                dataclasses.replace(c, start=c.start + pos, end=c.end + pos) for c in extract(line)
            )
            paragraphs.append(Paragraph(text=line, start=pos, end=pos + len(line), claims=claims))
        pos += len(line) + 1
    return Report(path=str(path), kind="department_report", text=text, narratives=tuple(paragraphs),
                  indicators=tuple(extra_indicators))


def test_claims_conflict_003_two_counts_of_交办_tasks():
    flags = claims_conflict_flags(_narrative_report(REPORTS / "003_66e78293cd0851a8.txt"))
    assert len(flags) == 1
    assert "56件区委常委会及区委主要领导批示、口头交办重点任务" in flags[0].evidence
    assert "115件区委常委会及区委主要领导批示、口头交办的重点任务" in flags[0].evidence


@pytest.mark.parametrize("seed", ["000_ffd76d6a357bc11c", "001_b0e8321e1bc75b62", "002_bc248be2135334e4"])
def test_claims_conflict_none_in_other_seeds(seed):
    # 002 lists 263 and 168 党员志愿服务队 (组建 vs 派驻) and 144 vs 32 提拔 (年轻干部): not conflicts
    assert claims_conflict_flags(_narrative_report(REPORTS / f"{seed}.txt")) == []


@pytest.mark.parametrize(
    "indicator,expected",
    [
        pytest.param(row(name="办理区委常委会及区委主要领导批示、口头交办重点任务", target="≥50件", actual="56件"), True,
                     id="altered_table_56_vs_narrative_115"),
        pytest.param(row(**S003_CHECKS), False, id="003_table_70次_vs_narrative_70余次"),
    ],
)
def test_claims_conflict_table_vs_narrative(indicator, expected):
    report = _narrative_report(REPORTS / "003_66e78293cd0851a8.txt", [indicator])
    table_flags = [f for f in claims_conflict_flags(report) if f.field == "actual"]
    assert bool(table_flags) == expected, table_flags


# --- category_mismatch is the classifier's: kept, counted ---------------------------------------
def test_existing_flags_are_kept_and_counted():
    mismatch = Flag("category_mismatch", "high", "填报类别为“质量指标”，按内容更像时效", "督查及时性", "stated_category")
    ind = dataclasses.replace(row(**P003_TIMELY), flags=(mismatch,))
    out = annotate_report(Report(path="x", kind="project_report", indicators=(ind,)))
    assert out.indicators[0].flags[0] == mismatch
    assert out.summary.by_code["category_mismatch"] == 1
    assert out.summary.high_share == 1.0


# --- the registry and every flag's form -----------------------------------------------------------
def test_every_code_has_a_rule_spec():
    assert set(CODES) == set(lexicon().rules)


_SEED_ROWS = {
    k: v for k, v in dict(globals()).items() if k[:4] in ("S003", "P003", "S002", "S001", "S000") and isinstance(v, dict)
}


@pytest.mark.parametrize("kwargs", list(_SEED_ROWS.values()), ids=list(_SEED_ROWS))
def test_flags_are_well_formed(kwargs):
    for f in indicator_flags(row(**kwargs)):
        assert f.code in CODES and f.severity in ("high", "medium", "low")
        assert f.message and "\n" not in f.message and "{" not in f.message
        assert f.evidence
        assert f.field in ("name", "target", "actual", "score", "weight", "deviation_note", "stated_category",
                           "narrative", "report")


# --- summary ----------------------------------------------------------------------------------------
def test_summary_and_weakness_formula():
    inds = _dup_rows(S003_STUDY, S003_ECON, S001_NONE, S003_CHECKS)
    out = annotate_report(Report(path="x", kind="department_report", indicators=inds))
    s = out.summary
    assert s.indicators == 4
    # S003_STUDY: overshoot (low); S003_ECON: vague_target+vague_actual (high) + activity (medium); 无此目标: NA (low)
    assert s.flagged == 3
    assert s.high_share == 0.25
    assert s.by_code["not_applicable"] == 1 and s.by_code["overshoot"] == 1
    # judged = 3: min(1, .25/3) + 1 + 0 over 3, ×100; plus report-level flags
    report_extra = sum({"high": 10, "medium": 5, "low": 1}[f.severity] for f in out.flags)
    assert s.weakness == pytest.approx(round(100 * (0.25 / 3 + 1) / 3 + report_extra, 1))
    assert summarise(out) == s


def test_annotate_returns_a_copy():
    report = Report(path="x", kind="department_report", indicators=(row(**S003_ECON),))
    out = annotate_report(report)
    assert report.indicators[0].flags == () and out.indicators[0].flags


# --- robustness: any mix of seed fragments annotates without error -------------------------------
_FRAGMENTS = sorted(
    {v for d in _SEED_ROWS.values() for k, v in d.items() if isinstance(v, str) and k in ("name", "target", "actual")}
    | {"", "　", "/", "无", "≥100%", "105%", "2024-01-15", "0次", "0%"}
)


def test_random_rows_annotate_cleanly():
    import hypothesis
    from hypothesis import strategies as st

    @hypothesis.settings(max_examples=120, deadline=None, derandomize=True, database=None)
    @hypothesis.given(
        st.lists(
            st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(_FRAGMENTS + [None]), st.sampled_from(_FRAGMENTS + [None]),
                      st.sampled_from(["数量指标", "质量指标", "时效指标", "成本指标", "满意度指标", None]),
                      st.sampled_from([None, 0, 5, 10]), st.sampled_from([None, 0, 5, 12])),
            max_size=6,
        )
    )
    def run(rows):
        inds = tuple(
            row(name=n or "x", target=t, actual=a, stated=s, weight=w, score=sc, id=f"i{k}", table="t1")
            for k, (n, t, a, s, w, sc) in enumerate(rows)
        )
        out = annotate_report(Report(path="x", kind="indicator_table", indicators=inds))
        assert out.summary.indicators == len(inds)
        for ind in out.indicators:
            for f in ind.flags:
                assert f.code in CODES and f.severity in ("high", "medium", "low") and "{" not in f.message

    run()
