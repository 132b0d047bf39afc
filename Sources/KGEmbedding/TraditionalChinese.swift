/// Traditional → simplified forms of the characters common in government and hotline text
/// (one-to-one correspondences, written out for this project; not a full conversion table).
enum TraditionalChinese {
    static let traditional = "亂來倉個們傑傳傷價億儲兒兩凍創劃劉動務勞勢匯區吳員問啟單嗎嘆噴嚴國圍園圓圖團執報場塵壓壞壩夠夢奮妝婦孫學實寧審寫寬寵寶將專對導屆屍層屬岡島崗嶺師帳幣幫幹廁廟廠廢廣廳張彈後徑從復愛態憑應戰戲戶挾換損搖擁擇擊擔據擠擾攜攤敵數斷於時晝曆曉曬書會東條棄棟棧楊業極構槍樂樓標樣樹橋機橫檢櫃權欽歐歡歲歷歸殘殺氣氫汙決沒沖況淚淺減測湯準溝溫滅滿漢潔潤澗澤濃濕濟灑灘灣災為無煉煙煩熱燈燒營爭爺犧獎獨獲現環產畢畫當瘧療發盜盡監盤盧眾確碼礎礦禍禮稅種稱穩窮競筆節範築簡糧糾紀約紅納純紙級紛細紹終組結絕絡給統經綜綠綫維網緊線緣編縣縮總績織繕繳續纜罰罷羅義聖聞聯聲職聽肅脅腦膽臟臨臺與興舉舊艱莊華萬葉葦蒼蓋藍藝藥蘇蘋蘭處號虧蝦蟲蠅衆術衛衝裏補裝裡製複襲見規視親覺覽觀觸訂計討訓記訟設許訴診評詢試話該詳誌認誠誤說課調請諮謀講謝證識譯議護讀變讓豐豬貓貧貨貫貴買貸費貼貿賀資賓賠賣賦質賬賴購贊趕趙跡踐車軟較輕輛輪輸辦農這週進遊過違遷遺還邊郵鄉鄧鄭鄰醫醬釋針銀銷鋪錄錢錯錶鍋鎮鐘鐵鑒長門閃閉開間閣閱關陝陣陰陳陸陽隊際隨險隱隸雖雙雜雞離難雲電靈靜韋韓響頁頂頃項順須預頒頓領頻題額顏類顧顯風飛飯飲養餘館饑馬馮駕駛驅驗驚驟髒體髮鬆鬥鬧魚魯鳥鳳鳴鹽麗麥麵麼黃黨齊齒齡龍龜"
    static let simplified = "乱来仓个们杰传伤价亿储儿两冻创划刘动务劳势汇区吴员问启单吗叹喷严国围园圆图团执报场尘压坏坝够梦奋妆妇孙学实宁审写宽宠宝将专对导届尸层属冈岛岗岭师帐币帮干厕庙厂废广厅张弹后径从复爱态凭应战戏户挟换损摇拥择击担据挤扰携摊敌数断于时昼历晓晒书会东条弃栋栈杨业极构枪乐楼标样树桥机横检柜权钦欧欢岁历归残杀气氢污决没冲况泪浅减测汤准沟温灭满汉洁润涧泽浓湿济洒滩湾灾为无炼烟烦热灯烧营争爷牺奖独获现环产毕画当疟疗发盗尽监盘卢众确码础矿祸礼税种称稳穷竞笔节范筑简粮纠纪约红纳纯纸级纷细绍终组结绝络给统经综绿线维网紧线缘编县缩总绩织缮缴续缆罚罢罗义圣闻联声职听肃胁脑胆脏临台与兴举旧艰庄华万叶苇苍盖蓝艺药苏苹兰处号亏虾虫蝇众术卫冲里补装里制复袭见规视亲觉览观触订计讨训记讼设许诉诊评询试话该详志认诚误说课调请咨谋讲谢证识译议护读变让丰猪猫贫货贯贵买贷费贴贸贺资宾赔卖赋质账赖购赞赶赵迹践车软较轻辆轮输办农这周进游过违迁遗还边邮乡邓郑邻医酱释针银销铺录钱错表锅镇钟铁鉴长门闪闭开间阁阅关陕阵阴陈陆阳队际随险隐隶虽双杂鸡离难云电灵静韦韩响页顶顷项顺须预颁顿领频题额颜类顾显风飞饭饮养余馆饥马冯驾驶驱验惊骤脏体发松斗闹鱼鲁鸟凤鸣盐丽麦面么黄党齐齿龄龙龟"

    /// Traditional scalar → simplified scalar.
    static let map: [Unicode.Scalar: Unicode.Scalar] = {
        let t = Array(traditional.unicodeScalars), s = Array(simplified.unicodeScalars)
        precondition(t.count == s.count, "traditional and simplified tables must align")
        var m: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (a, b) in zip(t, s) { m[a] = b }
        return m
    }()

    /// `map` as a table over the Basic Multilingual Plane (every scalar of both tables is in it):
    /// entry v is the simplified form of v, or v. Every character of every routed text is
    /// folded, and hashing a scalar for the dictionary cost more than the rest of the folding.
    static let table: [UInt16] = {
        var t = (0..<0x10000).map { UInt16($0) }
        for (a, b) in map {
            precondition(a.value < 0x10000 && b.value < 0x10000, "the folding table covers the Basic Multilingual Plane")
            t[Int(a.value)] = UInt16(b.value)
        }
        return t
    }()

    /// The simplified form of `c` (itself when it has none).
    @inline(__always)
    static func simplified(_ c: Unicode.Scalar) -> Unicode.Scalar {
        guard c.value < 0x10000 else { return c }
        let v = table[Int(c.value)]
        return v == c.value ? c : Unicode.Scalar(UInt32(v))!
    }
}
