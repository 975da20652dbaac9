{
    "name": "Điển hình tiên tiến - Nông thôn mới",
    "summary": "Discover, foster, review, reward and propagate the exemplars of the "
    "movement 'Toàn dân chung sức xây dựng nông thôn mới' (Hanoi)",
    "version": "18.0.1.0.0",
    "category": "Services/Emulation and Rewards",
    "author": "Sở Nông nghiệp và PTNT Hà Nội",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail"],
    "data": [
        "security/ntm_exemplar_groups.xml",
        "security/ir.model.access.csv",
        "security/ntm_exemplar_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ntm.unit.csv",
        "views/ntm_unit_views.xml",
        "views/ntm_exemplar_views.xml",
        "views/res_users_views.xml",
        "views/ntm_exemplar_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/ntm_exemplar_demo.xml",
    ],
}
