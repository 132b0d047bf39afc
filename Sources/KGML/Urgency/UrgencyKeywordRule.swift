/// The baseline an urgency model must beat: alarm words. A text with a word of danger is urgent,
/// else one with a word of disruption is priority, else normal (the rule a hotline would write by hand).
public enum UrgencyKeywordRule {
    public static let urgentWords = ["着火", "起火", "失火", "火灾", "冒烟", "烧起来", "煤气", "燃气泄漏", "漏气", "困在", "被困", "关在",
                                     "卡在", "受伤", "流血", "晕倒", "昏迷", "叫不醒", "抽搐", "摔", "溺水", "掉进", "淹", "塌", "倒塌",
                                     "坍塌", "滑坡", "泥石流", "触电", "漏电", "电线断", "火花", "中毒", "农药", "跳楼", "不想活", "轻生",
                                     "砍人", "打架", "持刀", "救命", "走丢", "失踪", "咬伤", "被咬", "爆炸", "危险"]
    public static let priorityWords = ["停水", "停电", "断水", "断电", "没水", "没电", "堵", "污水", "化粪池", "冒水", "红绿灯", "信号灯",
                                       "电梯坏", "井盖", "塌陷", "大坑", "垃圾", "积水", "护栏", "路灯", "欠薪", "工资"]

    public static func predict(_ text: String) -> String {
        if urgentWords.contains(where: text.contains) { return "urgent" }
        if priorityWords.contains(where: text.contains) { return "priority" }
        return "normal"
    }
}
