/// Traditional → simplified forms of the characters common in government and hotline text
/// (one-to-one correspondences, written out for this project; not a full conversion table).
enum TraditionalChinese {
    static let traditional = "亂來個們傷價兒創劉動務勞區吳員問啟單嗎噴嚴國圍園圖團執報場塵壞壩夠婦孫學實寧審寫寵將專對導屆層屬島崗嶺師帳幫幹廁廠廢廣張後從復愛態憑應戰戶換損搖擁擇擊據擠擾攤斷於時晝曉書會東條棄棟楊業極構槍樂樓標樣樹橋機橫檢櫃權欽歡歲歷歸殘氣汙決沒淚淺減測湯準溝溫滅滿漢潔澗澤濕濟灑灘灣災為無煙煩熱燈燒營爭爺獨獲現環產畫當瘧療發盜盡監盧確碼礦禍禮稅種稱窮競筆節範築簡糧糾紀約紅納純紙級紛細終組結絕絡給統經綠綫維網線縣總績織繕繳續纜罰罷羅聞聯聲職聽肅腦臟臨臺與興舉舊艱莊華萬葉蒼蓋藝藥蘇蘋蘭處號蝦蟲蠅術衛裏補裝裡製複襲見規視親覺覽觀訂計討訓記訟設許訴診評詢試話該誌認誤說課調請講謝證識譯議護讀變讓豬貓貧貨貴買貸費貼貿賀資賓賠賣質賬賴購趕趙車輕輛輪輸辦農這週進過違還邊郵鄉鄧鄭鄰醫釋針銀銷鋪錄錢錯錶鍋鎮鐘鐵長門閉開間閱關陝陣陰陳陸陽隊際隨險隱雖雙雜雞離難雲電靈靜韋韓響頁頂項順須預頓領頻題額類顧顯風飛飯飲養餘館饑馬馮駕駛驅驗驚髒體髮鬥鬧魚魯鳥鳳鳴麗麥麼黃黨齊齒齡龍龜"
    static let simplified = "乱来个们伤价儿创刘动务劳区吴员问启单吗喷严国围园图团执报场尘坏坝够妇孙学实宁审写宠将专对导届层属岛岗岭师帐帮干厕厂废广张后从复爱态凭应战户换损摇拥择击据挤扰摊断于时昼晓书会东条弃栋杨业极构枪乐楼标样树桥机横检柜权钦欢岁历归残气污决没泪浅减测汤准沟温灭满汉洁涧泽湿济洒滩湾灾为无烟烦热灯烧营争爷独获现环产画当疟疗发盗尽监卢确码矿祸礼税种称穷竞笔节范筑简粮纠纪约红纳纯纸级纷细终组结绝络给统经绿线维网线县总绩织缮缴续缆罚罢罗闻联声职听肃脑脏临台与兴举旧艰庄华万叶苍盖艺药苏苹兰处号虾虫蝇术卫里补装里制复袭见规视亲觉览观订计讨训记讼设许诉诊评询试话该志认误说课调请讲谢证识译议护读变让猪猫贫货贵买贷费贴贸贺资宾赔卖质账赖购赶赵车轻辆轮输办农这周进过违还边邮乡邓郑邻医释针银销铺录钱错表锅镇钟铁长门闭开间阅关陕阵阴陈陆阳队际随险隐虽双杂鸡离难云电灵静韦韩响页顶项顺须预顿领频题额类顾显风飞饭饮养余馆饥马冯驾驶驱验惊脏体发斗闹鱼鲁鸟凤鸣丽麦么黄党齐齿龄龙龟"

    /// Traditional scalar → simplified scalar.
    static let map: [Unicode.Scalar: Unicode.Scalar] = {
        let t = Array(traditional.unicodeScalars), s = Array(simplified.unicodeScalars)
        precondition(t.count == s.count, "traditional and simplified tables must align")
        var m: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (a, b) in zip(t, s) { m[a] = b }
        return m
    }()
}
