"""The Chinese country names (CLDR, ``zh_Hans_CN``) in pinyin order, as codes.

Sorting the names by pinyin at run time imports pypinyin (~0.15-0.5 s of dictionaries), which
the first window would pay for its country picker. So the order is computed once, here, by
``countries.pinyin_order()``; ``tests/core/test_country_order.py`` fails when babel's names
change and it no longer matches (regenerate it with
``python -c "from coop_desktop.reference import countries; print(countries.pinyin_order())"``).
"""

ZH_CN: tuple[str, ...] = (
    "AL", "DZ", "AF", "AR", "AE", "AW", "OM", "AZ", "IE", "EG", "ET", "EE", "AD", "AO", "AI",
    "AG", "AU", "AT", "AX", "BB", "PG", "BS", "PK", "PY", "PS", "BH", "PA", "BR", "BY", "BM",
    "BG", "MP", "MK", "BJ", "BE", "PE", "IS", "BW", "PR", "PL", "BO", "BZ", "BA", "BT", "BF",
    "BI", "BV", "KP", "GQ", "DK", "DE", "TL", "TG", "DO", "DM", "EC", "ER", "RU", "FR", "FO",
    "PF", "GF", "TF", "MF", "VA", "FJ", "PH", "FI", "CV", "FK", "GM", "CG", "CD", "GD", "GL",
    "GE", "CO", "CR", "GG", "CU", "GP", "GU", "GY", "KZ", "HT", "KR", "HM", "NL", "BQ", "SX",
    "ME", "HN", "DJ", "KG", "KI", "GN", "GW", "GH", "CA", "GA", "KH", "CZ", "ZW", "CM", "QA",
    "KY", "CC", "HR", "KM", "CI", "KW", "KE", "CK", "CW", "LV", "LS", "LA", "LB", "LR", "LY",
    "LT", "LI", "RE", "LU", "RW", "RO", "MG", "IM", "MV", "MT", "MW", "MY", "ML", "MH", "MQ",
    "YT", "MU", "MR", "US", "UM", "AS", "VI", "MN", "BD", "MS", "FM", "MM", "MD", "MA", "MC",
    "MZ", "MX", "NA", "ZA", "AQ", "GS", "SS", "NR", "NI", "NP", "NE", "NG", "NU", "NF", "NO",
    "PW", "PN", "PT", "JP", "SE", "CH", "SV", "WS", "RS", "SL", "SN", "CY", "SC", "SA", "BL",
    "CX", "ST", "SH", "KN", "LC", "SM", "PM", "VC", "LK", "SK", "SI", "SJ", "SZ", "SD", "SR",
    "SB", "SO", "TJ", "TH", "TW", "TZ", "TO", "TC", "TT", "TR", "TM", "TN", "TV", "TK", "WF",
    "VU", "GT", "VE", "BN", "UG", "UA", "UY", "UZ", "ES", "GR", "EH", "SG", "NC", "NZ", "HU",
    "SY", "JM", "AM", "YE", "IT", "IQ", "IR", "IL", "IN", "ID", "GB", "VG", "IO", "JO", "VN",
    "ZM", "JE", "TD", "GI", "CL", "CF", "CN", "MO", "HK",
)  # fmt: skip
