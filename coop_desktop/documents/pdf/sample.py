"""A realistic sample dossier (three sections, a declaration, attachments) for previews,
the review images under ``docs/pdf-review/``, tests and ``bench/pdf.py``.

``sample_document(repeat=n)`` repeats each section's paragraphs ``n`` times: ``repeat=1`` gives
4 pages in the parallel layout, ``repeat=20`` gives 20.
"""

from __future__ import annotations

from datetime import date

from coop_desktop.documents.pdf.model import PdfAttachment, PdfDocument, PdfSection

__all__ = ["sample_document"]

_PROFILE_ZH = (
    "苏州瑞丰精密机械有限公司成立于2009年，是国家级专精特新“小巨人”企业，主要从事高精度数控"
    "机床主轴及关键功能部件的研发、生产和销售。公司现有员工320人，其中研发人员86人，拥有发明专利"
    "27项、实用新型专利64项。",
    "2025年公司实现营业收入3.2亿元，其中出口收入占比18%，产品已进入德国、匈牙利和马来西亚等市场。"
    "公司通过ISO 9001和IATF 16949质量管理体系认证，与Bosch、Schaeffler等客户建立了长期合作关系。",
)
_PROFILE_EN = (
    "Suzhou Ruifeng Precision Machinery Co., Ltd. was founded in 2009 and is a national "
    "specialised and sophisticated \u201clittle giant\u201d enterprise. It designs, manufactures "
    "and sells high-precision CNC machine-tool spindles and key functional components. The "
    "company employs 320 people, 86 of them in research and development, and holds 27 "
    "invention patents and 64 utility-model patents.",
    "In 2025 the company's operating revenue was CNY 320 million, 18% of it from exports; its "
    "products are sold in Germany, Hungary and Malaysia. It is certified to ISO 9001 and "
    "IATF 16949 and has long-term relationships with customers such as Bosch and Schaeffler.",
)
_PLAN_ZH = (
    "公司计划在中国—匈牙利中小企业合作区设立全资子公司，首期投资1,200万欧元，建设面积约8,000平方米"
    "的主轴装配与维修中心，服务中东欧地区的机床制造商。",
    "项目分两期实施：第一期（2026—2027年）完成厂房租赁、设备安装和本地团队组建，预计新增就业岗位"
    "45个；第二期（2028—2029年）建设应用实验室，并与当地高校开展联合研发。",
    "资金来源为企业自有资金（60%）和银行贷款（40%）。项目达产后预计年销售收入2,500万欧元。",
)
_PLAN_EN = (
    "The company plans to set up a wholly owned subsidiary in the China\u2013Hungary SME "
    "Cooperation Zone, with a first investment of EUR 12 million, and to build a spindle "
    "assembly and service centre of about 8,000 square metres serving machine-tool makers in "
    "Central and Eastern Europe.",
    "The project has two phases: phase one (2026\u20132027) covers leasing the plant, installing "
    "equipment and building a local team, creating about 45 jobs; phase two (2028\u20132029) "
    "adds an application laboratory and joint research with local universities.",
    "The project is financed by the company's own funds (60%) and bank loans (40%). At full "
    "capacity it is expected to reach annual sales of EUR 25 million.",
)
_RISK_ZH = (
    "主要风险包括汇率波动、当地劳动力成本上升和供应链中断。公司将通过远期结汇、本地化采购和"
    "双供应商策略加以应对。",
    "合规方面，公司已聘请当地律师事务所，就劳动法、环境许可和数据保护（GDPR）提供咨询。",
)
_RISK_EN = (
    "The main risks are exchange-rate movements, rising local labour costs and supply-chain "
    "disruption. The company will manage them through forward contracts, local sourcing and "
    "a dual-supplier policy.",
    "For compliance, the company has engaged a local law firm to advise on labour law, "
    "environmental permits and data protection (GDPR).",
)
_DECL_ZH = (
    "本单位郑重承诺：本申请书及所附材料内容真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。",
    "如有不实，本单位愿意承担由此产生的一切法律责任，并接受主管部门依法依规作出的处理。",
)
_DECL_EN = (
    "We solemnly declare that this application and its attachments are true, accurate and "
    "complete, and contain no false statement, misleading statement or material omission.",
    "Should any of it prove untrue, we accept all legal liability arising from it and any "
    "measure the competent authority takes in accordance with the law and regulations.",
)


def _join(paragraphs: tuple[str, ...], repeat: int) -> str:
    return "\n".join(paragraphs * repeat)


def sample_document(repeat: int = 1) -> PdfDocument:
    return PdfDocument(
        title_zh="中外中小企业合作区入园申请书",
        title_en="Application for Admission to an International SME Cooperation Zone",
        applicant_zh="苏州瑞丰精密机械有限公司",
        applicant_en="Suzhou Ruifeng Precision Machinery Co., Ltd.",
        uscc="91320500MA1XK2Q37B",
        zone_zh="中国—匈牙利中小企业合作区",
        zone_en="China\u2013Hungary SME Cooperation Zone",
        country_zh="匈牙利",
        country_en="Hungary",
        organisation_zh="苏州市工业和信息化局",
        organisation_en="Suzhou Municipal Bureau of Industry and Information Technology",
        officer="王敏 Wang Min",
        reference_no="SZ-2026-0142",
        status="ready",
        revision=3,
        created=date(2026, 2, 2),
        submitted=None,
        deadline=date(2026, 3, 31),
        sections=(
            PdfSection("company_profile", "企业简介", "Company profile",
                       _join(_PROFILE_ZH, repeat), _join(_PROFILE_EN, repeat)),
            PdfSection("investment_plan", "投资计划", "Investment plan",
                       _join(_PLAN_ZH, repeat), _join(_PLAN_EN, repeat)),
            PdfSection("risks", "风险与合规", "Risks and compliance",
                       _join(_RISK_ZH, repeat), _join(_RISK_EN, repeat)),
            PdfSection("declaration", "申请人声明", "Declaration of the applicant",
                       "\n".join(_DECL_ZH), "\n".join(_DECL_EN), kind="declaration"),
        ),
        attachments=(
            PdfAttachment("营业执照副本.pdf", "营业执照", "Business licence",
                          "3f4e2b9c1a0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f",
                          482_113, date(2039, 5, 20)),
            PdfAttachment("2025 Audit Report (KPMG).pdf", "审计报告", "Audit report",
                          "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
                          3_204_556),
            PdfAttachment("发明专利证书_ZL201910123456.7.pdf", "知识产权证书", "IP certificate",
                          "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                          911_240),
        ),
        app_version="0.1.0",
        generated_on=date(2026, 3, 15),
        keywords=("入园申请", "cooperation zone", "Hungary"),
    )
