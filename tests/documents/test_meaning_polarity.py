"""Reversed statements (documents.polarity, reported by qa.check_pair as polarity_reversed and
bound_reversed). Examples of our own, not from the bench corpus."""

from __future__ import annotations

import pytest

from coop_desktop.documents import polarity
from coop_desktop.documents.qa import Severity, check_pair


def kinds(zh: str, en: str) -> list[str]:
    return [f.kind for f in polarity.flips(zh, en)]


def codes(zh: str, en: str) -> list[str]:
    return [i.code for i in check_pair(zh, en)]


# ------------------------------------------------------------------ negation

@pytest.mark.parametrize(("zh", "en"), [
    ("该企业未被列入经营异常名录。", "The enterprise has been placed on the list of abnormal operations."),
    ("项目用地不占用基本农田。", "The project site occupies basic farmland."),
    ("公司没有对外担保。", "The company has provided external guarantees."),
    ("本次投资无需外汇登记。", "This investment requires foreign exchange registration."),
    ("该设备并非进口设备。", "The equipment is imported equipment."),
    ("合作区内企业从未发生拖欠工资事件。", "Enterprises in the zone have had wage arrears."),
    ("公司已经掌握核心工艺。", "The company has not yet mastered the core process."),
    ("企业生产过程杜绝使用含铅原料。", "Lead-containing raw materials are used in production."),
])
def test_a_lost_or_added_negation_is_an_error(zh: str, en: str) -> None:
    assert kinds(zh, en) == ["negation"]
    [issue] = [i for i in check_pair(zh, en) if i.code == "polarity_reversed"]
    assert issue.severity == Severity.ERROR and issue.side == "en"
    assert issue.message.params["zh"] and issue.message.params["en"]


@pytest.mark.parametrize(("zh", "en"), [
    ("该企业未被列入经营异常名录。", "The enterprise is not on the list of abnormal operations."),
    ("公司无不良信用记录。", "The company has a clean credit record."),  # 不良 is one word
    ("本次投资无需外汇登记。", "No foreign exchange registration is needed for this investment."),
    ("公司不断加大研发投入。", "The company keeps increasing its R&D spending."),
    ("公司不仅生产整机，而且提供维修服务。",
     "The company not only makes complete machines but also offers repair services."),
    ("合作区内企业无一例外签订了环保承诺书。",
     "Every enterprise in the zone has signed an environmental undertaking."),
    ("公司在无锡设有研发中心，并使用无人机巡检。",
     "The company has an R&D centre in Wuxi and inspects its lines with drones."),
    ("产品出口到非洲和中东。", "The products are exported to Africa and the Middle East."),
    ("未来三年，公司将扩大产能。", "Over the next three years the company will expand capacity."),
    ("企业坚定不移推进数字化转型。", "The enterprise is pressing ahead unswervingly with digital transformation."),
    ("要避免过度依赖单一市场。", "Overdependence on a single market must be avoided."),
    ("该项目尚未取得环评批复。", "The project has yet to obtain its environmental approval."),
    ("公司实行无纸化办公。", "The company runs a paperless office."),
    ("企业不得不调整出口结构。", "The enterprise had to adjust its export mix."),
    ("所有产品均非转基因。", "All the products are GMO-free."),
    # a negated negative word affirms (litotes)
    ("公司从不拖欠供应商货款。", "The company always pays its suppliers on time."),
    ("国产设备的性能毫不逊色。", "The Chinese-made equipment performs every bit as well."),
    ("公司没有一年亏损。", "The company has been profitable every year."),
    ("非本公司员工不得进入车间。", "Only company staff may enter the workshop."),
])
def test_faithful_negation_and_words_that_only_look_negative_raise_nothing(zh: str, en: str
                                                                           ) -> None:
    assert kinds(zh, en) == []


def test_a_soft_negative_answers_only_what_it_renders() -> None:
    """失信 is "dishonesty": it does not stand in for the lost 不."""
    assert kinds("申请人不存在失信记录。", "The applicant has a record of dishonesty.") == [
        "negation"]
    assert kinds("申请人不存在失信记录。", "The applicant has no record of dishonesty.") == []


@pytest.mark.parametrize(("zh", "en"), [
    ("公司从不拖欠供应商货款。", "The company is often in arrears with its suppliers."),
    ("申请单位须无不良信用记录。", "The applicant must have a poor credit record."),
])
def test_a_litotes_rendered_as_its_negative_word_is_reversed(zh: str, en: str) -> None:
    [flip] = polarity.flips(zh, en)
    assert flip.kind == "negation" and flip.zh in zh


def test_a_lexically_negative_word_pairs_with_its_rendering() -> None:
    """未决 is "pending": it does not answer the lost 不 of 不存在."""
    assert kinds("公司不存在重大未决诉讼。", "The company is involved in major pending lawsuits.") == [
        "negation"]
    assert kinds("公司不存在重大未决诉讼。", "The company has no major pending lawsuits.") == []


def test_clause_pairs_find_the_negation_lost_in_one_of_two_clauses() -> None:
    zh = "该产品不含有害物质，无需办理危化品许可。"
    en = "The product contains no hazardous substances, but a hazardous chemicals permit is needed."
    assert kinds(zh, en) == ["negation"]
    assert kinds(zh, "The product contains no hazardous substances, and no hazardous "
                     "chemicals permit is needed.") == []


# ------------------------------------------------------------------ directions and results

@pytest.mark.parametrize(("zh", "en", "kind"), [
    ("2024年出口额同比增长12%。", "Exports fell by 12% year on year in 2024.", "direction"),
    ("单位产品能耗下降8%。", "Energy use per unit of output rose by 8%.", "direction"),
    ("子公司上年度实现盈利。", "The subsidiary made a loss last year.", "result"),
    ("除运输费用外，其他费用均由甲方承担。",
     "Including transport costs, all costs are borne by Party A.", "exception"),
])
def test_a_reversed_direction_result_or_exception_is_an_error(zh: str, en: str, kind: str
                                                              ) -> None:
    assert kinds(zh, en) == [kind]
    assert "polarity_reversed" in codes(zh, en)


@pytest.mark.parametrize(("zh", "en"), [
    ("营业收入增长10%，但利润下降3%。", "Revenue grew by 10% while profit fell by 3%."),
    ("除运输费用外，其他费用均由甲方承担。",
     "Apart from transport costs, all costs are borne by Party A."),
    ("除研发中心外，公司还设有检测中心。",
     "In addition to its R&D centre, the company has a testing centre."),
    ("公司扭亏为盈。", "The company turned a loss into a profit."),
])
def test_matching_directions_raise_nothing(zh: str, en: str) -> None:
    assert kinds(zh, en) == []


# ------------------------------------------------------------------ bounds

@pytest.mark.parametrize(("zh", "en"), [
    ("公司产品能耗低于行业平均水平。",
     "The products' energy use is higher than the industry average."),
    ("企业研发投入强度高于同行业平均水平。",
     "The enterprise's R&D intensity is lower than the industry average."),
    ("中方出资比例不低于外方。", "The Chinese share of the capital is no more than the foreign one."),
])
def test_a_reversed_bound_of_a_statement_is_an_error(zh: str, en: str) -> None:
    assert kinds(zh, en) == ["bound"]
    [issue] = [i for i in check_pair(zh, en) if i.code == "bound_reversed"]
    assert issue.severity == Severity.ERROR


@pytest.mark.parametrize(("zh", "en"), [
    ("申请企业研发投入不低于营业收入的5%。", "R&D spending must be at most 5% of revenue."),
    ("注册资本在500万元以上。", "The registered capital is under RMB 5 million."),
    ("员工人数不足50人。", "The company has more than 50 employees."),
])
def test_a_bound_on_a_number_is_left_to_the_number_check(zh: str, en: str) -> None:
    assert "bound" not in kinds(zh, en)
    assert "bound_reversed" not in [i.code for i in check_pair(zh, en)]


@pytest.mark.parametrize(("zh", "en"), [
    ("申请企业研发投入不低于营业收入的5%。", "R&D spending must be no less than 5% of revenue."),
    ("单笔借款不超过100万元。", "Each loan is no more than RMB 1 million."),
    ("员工人数不足50人。", "The company has fewer than 50 employees."),
    ("本科及以上学历员工占60%。", "60% of the staff hold a bachelor's degree or above."),
    ("以上材料均真实有效。", "All the above materials are genuine and valid."),
    ("公司计划在未来3年内完成改造。", "The company plans to finish the upgrade within three years."),
])
def test_matching_bounds_and_the_above_raise_nothing(zh: str, en: str) -> None:
    assert kinds(zh, en) == []


def test_the_markers_of_each_side() -> None:
    zh = polarity.zh_markers("研发人员不少于10人，以上情况属实，未发生事故。")
    assert zh.ge == ("不少于",) and zh.le == () and zh.hard == ("未",)
    en = polarity.en_markers("No. 5 plant has not less than 10 staff and has never had an "
                             "accident.")
    assert en.ge == ("not less than",) and en.hard == ("never",)


# ------------------------------------------------------------------ negations counted by role

@pytest.mark.parametrize(("zh", "en", "zh_word", "en_words"), [
    # a condition and a prohibition: "without" answers the condition only
    ("未经主管部门批准，企业不得擅自扩建厂房。",
     "Without the authority's approval, the enterprise may expand its plant on its own.",
     "不得", "may"),
    ("未经公司书面授权，员工不得对外发布产品信息。",
     "Without the company's written authorisation or consent, staff may publish product "
     "information.", "不得", "may"),
    ("严禁在仓库内使用明火。", "Open flames are permitted in the warehouse.", "严禁",
     "are permitted"),
    ("车间内不得吸烟，不得使用明火。",
     "Smoking is prohibited in the workshop and open flames may be used.", "不得", "may"),
    # two statements, one negation left in the English
    ("该产品未通过欧盟认证，也未在当地注册。",
     "The product has not passed EU certification, and has been registered locally.",
     "未", "has been registered locally"),
])
def test_each_chinese_negation_needs_its_own_counterpart(zh: str, en: str, zh_word: str,
                                                         en_words: str) -> None:
    [flip] = [f for f in polarity.flips(zh, en) if f.kind == "negation"]
    assert (flip.zh, flip.en) == (zh_word, en_words)  # the words that flipped, not a quote
    [issue] = [i for i in check_pair(zh, en) if i.code == "polarity_reversed"]
    assert issue.detail == f"{zh_word} ≠ {en_words}"


@pytest.mark.parametrize(("zh", "en"), [
    ("未经主管部门批准，企业不得擅自扩建厂房。",
     "The enterprise may not expand its plant without the authority's approval."),
    ("未经主管部门批准，企业不得擅自扩建厂房。",
     "The plant may only be expanded with the authority's approval."),
    ("除董事会外，任何部门不得对外担保。", "Only the board may give external guarantees."),
    ("严禁在仓库内使用明火。", "Open flames are strictly forbidden in the warehouse."),
    ("请勿在车间内饮食。", "Do not eat or drink in the workshop."),
    # several negations said once in English ("no … or …", "free of … and …", "neither")
    ("工厂近五年未发生火灾事故，无职业病病例。",
     "The factory has had no fires or occupational disease cases in the last five years."),
    ("工厂近五年未发生火灾事故，无职业病病例。",
     "For five years the factory has been free of fires and occupational disease."),
    ("任何一方不得泄露或转让对方的技术资料。",
     "Neither party may disclose or transfer the other's technical documents."),
    ("产品不含铅，不含镉。", "The products contain no lead or cadmium."),
    ("车间内不得吸烟，不得使用明火。", "Smoking and open flames are prohibited in the workshop."),
    # a negation rendered by a word of failure, or by the opposite result
    ("如卖方未按时发货，买方有权解除合同。",
     "Should the seller ship late, the buyer may terminate the contract."),
    ("如卖方未按时发货，每延迟一周扣减货款1%。",
     "Each week of delay in shipment reduces the price by 1%."),
    ("货款未结清前，货物所有权归卖方。", "Until the outstanding price is paid, the seller owns the goods."),
    ("该子公司至今尚未盈利。", "The subsidiary is still loss-making."),
    ("该子公司至今尚未盈利。", "The subsidiary is still making losses."),
    # a prohibition before a comparison is a bound, compared as such
    ("外方持股比例不得超过49%。", "The foreign share may be up to 49%."),
    ("单笔采购金额不得低于10万元。", "Each purchase must be at least RMB 100,000."),
    # force majeure is no negation; 勿加泗 (Bekasi) is a place
    ("因不可抗力造成损失的，双方互不承担责任。",
     "Neither party is liable for losses caused by force majeure."),
    ("新工厂选址于印尼勿加泗。", "The new plant is sited in Bekasi, Indonesia."),
    # technical terms with the negation inside
    ("产品包括非晶合金铁芯和无功补偿柜。",
     "Products include amorphous alloy cores and reactive power compensation cabinets."),
])
def test_negations_said_otherwise_raise_nothing(zh: str, en: str) -> None:
    assert [f for f in polarity.flips(zh, en) if f.kind == "negation"] == []


def test_a_lost_negation_names_the_words_on_both_sides() -> None:
    [flip] = polarity.flips("该项目不涉及敏感技术出口。", "The project involves exports of sensitive "
                                                   "technology.")
    assert (flip.zh, flip.en) == ("不", "involves")
    [flip] = polarity.flips("公司拥有三项发明专利。", "The company holds no invention patents.")
    assert flip.negated == "en" and flip.en == "no" and flip.zh in ("发明专利", "发明", "专利")


@pytest.mark.parametrize(("zh", "en", "said"), [
    ("该地区物流成本不高。", "Logistics costs in the region are high.", "high"),
    ("该批产品不合格。", "This batch of products is qualified.", "qualified"),
])
def test_not_before_an_adjective_said_as_the_adjective_is_reversed(zh: str, en: str,
                                                                     said: str) -> None:
    [flip] = polarity.flips(zh, en)
    assert flip.kind == "negation" and flip.en == said


@pytest.mark.parametrize(("zh", "en"), [
    ("该地区物流成本不高。", "Logistics costs in the region are low."),
    ("该批产品不合格，已退回供应商。", "This substandard batch has been returned to the supplier."),
    ("短期内影响不大，但大客户订单稳定。",
     "The short-term impact is limited, but orders from major customers are stable."),
    ("本合同未尽事宜，由双方另行协商。",
     "Any matters outside this contract are to be agreed separately by the parties."),
])
def test_not_before_an_adjective_rendered_by_its_opposite_raises_nothing(zh: str, en: str
                                                                       ) -> None:
    assert polarity.flips(zh, en) == []
