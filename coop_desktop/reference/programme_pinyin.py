"""The pinyin of the shipped SME cluster and pilot-city names (``resources/reference``).

``services.programmes`` lists them by province, then by the name's pinyin. Converting names
imports pypinyin (0.15-0.5 s of dictionaries), which the first window would pay for its filter
bar's cluster and pilot-city lists. So the shipped names' pinyin is computed once, here, with
``coop_desktop.text.pinyin``; a name not listed (an item the user added or renamed) is still
converted. ``tests/services/test_programme_pinyin.py`` fails when the shipped lists change and
this no longer covers them (regenerate with ``python -m coop_desktop.reference.programme_pinyin``).
"""

from __future__ import annotations

SHIPPED: dict[str, str] = {
    "上海市浦东新区": "shang hai shi pu dong xin qu",
    "上海市闵行区具身智能零部件产业集群": "shang hai shi min xing qu ju shen zhi neng ling bu jian chan ye ji qun",
    "东莞市": "dong guan shi",
    "中山市": "zhong shan shi",
    "佛山市": "fo shan shi",
    "北京市丰台区轨道交通智能控制产业集群": "bei jing shi feng tai qu gui dao jiao tong zhi neng kong zhi chan ye ji qun",
    "北京市海淀区行业应用软件产业集群": "bei jing shi hai dian qu hang ye ying yong ruan jian chan ye ji qun",
    "北京市顺义区": "bei jing shi shun yi qu",
    "北京市顺义区智能网联汽车配套产业集群": "bei jing shi shun yi qu zhi neng wang lian qi che pei tao chan ye ji qun",
    "南京市雨花台区轨道交通动力装备产业集群": "nan jing shi yu hua tai qu gui dao jiao tong dong li zhuang bei chan ye ji qun",
    "南昌市": "nan chang shi",
    "厦门市": "xia men shi",
    "厦门市集美区工业机器人产业集群": "xia men shi ji mei qu gong ye ji qi ren chan ye ji qun",
    "合肥市": "he fei shi",
    "吉安县视听设备制造产业集群": "ji an xian shi ting she bei zhi zao chan ye ji qun",
    "呼和浩特市": "hu he hao te shi",
    "唐山市": "tang shan shi",
    "天津市武清区": "tian jin shi wu qing qu",
    "天津市滨海新区车规级芯片产业集群": "tian jin shi bin hai xin qu che gui ji xin pian chan ye ji qun",
    "宁波市": "ning bo shi",
    "崇州市板式家具产业集群": "chong zhou shi ban shi jia ju chan ye ji qun",
    "常熟市电子氟材料产业集群": "chang shu shi dian zi fu cai liao chan ye ji qun",
    "广州市": "guang zhou shi",
    "广州市海珠区智能制造系统集成服务产业集群": "guang zhou shi hai zhu qu zhi neng zhi zao xi tong ji cheng fu wu chan ye ji qun",
    "廉江市小家电产业集群": "lian jiang shi xiao jia dian chan ye ji qun",
    "徐州市铜山区安全应急产业集群": "xu zhou shi tong shan qu an quan ying ji chan ye ji qun",
    "成华区智能机器人产业集群": "cheng hua qu zhi neng ji qi ren chan ye ji qun",
    "新都区航空大部件产业集群": "xin dou qu hang kong da bu jian chan ye ji qun",
    "无锡市惠山区智能基础零部件制造产业集群": "wu xi shi hui shan qu zhi neng ji chu ling bu jian zhi zao chan ye ji qun",
    "晋江市运动鞋原辅材料产业集群": "jin jiang shi yun dong xie yuan fu cai liao chan ye ji qun",
    "武侯区微波射频产业集群": "wu hou qu wei bo she pin chan ye ji qun",
    "武平县显示模组及材料制造产业集群": "wu ping xian xian shi mo zu ji cai liao zhi zao chan ye ji qun",
    "武汉市": "wu han shi",
    "江门市": "jiang men shi",
    "沈阳市": "shen yang shi",
    "深圳市": "shen zhen shi",
    "温江区生物技术药产业集群": "wen jiang qu sheng wu ji shu yao chan ye ji qun",
    "湖州市吴兴区智能物流装备产业集群": "hu zhou shi wu xing qu zhi neng wu liu zhuang bei chan ye ji qun",
    "溧阳市动力电池产业集群": "li yang shi dong li dian chi chan ye ji qun",
    "漳州市龙文区石英钟表产业集群": "zhang zhou shi long wen qu shi ying zhong biao chan ye ji qun",
    "福州市": "fu zhou shi",
    "福州市马尾区用户侧新型储能产业集群": "fu zhou shi ma yi qu yong hu ce xin xing chu neng chan ye ji qun",
    "绵阳市": "mian yang shi",
    "芦溪县绝缘子产业集群": "lu xi xian jue yuan zi chan ye ji qun",
    "苏州市": "su zhou shi",
    "西安市未央区稀有金属材料产业集群": "xi an shi wei yang qu xi you jin shu cai liao chan ye ji qun",
    "西安市长安区光子芯片产业集群": "xi an shi zhang an qu guang zi xin pian chan ye ji qun",
    "郫都区电磁空间安全产业集群": "pi dou qu dian ci kong jian an quan chan ye ji qun",
    "金溪县香料加工产业集群": "jin xi xian xiang liao jia gong chan ye ji qun",
    "银川市": "yin chuan shi",
    "长春市": "chang chun shi",
    "长治市": "zhang zhi shi",
    "青岛市": "qing dao shi",
    "青白江区超高强度合金材料产业集群": "qing bai jiang qu chao gao qiang du he jin cai liao chan ye ji qun",
    "青羊区航空配套产业集群": "qing yang qu hang kong pei tao chan ye ji qun",
}


def _generate() -> str:
    """This module's table, computed from the shipped lists (to regenerate it)."""
    import json

    from coop_desktop import paths, text

    names: set[str] = set()
    for dataset in ("clusters", "pilot_cities"):
        data = json.loads((paths.resource("reference") / f"{dataset}.json").read_text("utf-8"))
        names.update(item["name_zh"] for item in data["items"])
    return "\n".join(f'    "{name}": "{text.pinyin(name)}",' for name in sorted(names))


if __name__ == "__main__":
    print(_generate())
