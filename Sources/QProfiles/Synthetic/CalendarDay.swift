/// Days counted from 2015-01-01 (day 0), the proleptic Gregorian calendar, no time zones.
enum CalendarDay {
    private static let epoch = daysSinceUnixEpoch(year: 2015, month: 1, day: 1)

    /// The day number of a date.
    static func day(year: Int, month: Int, day: Int) -> Int {
        daysSinceUnixEpoch(year: year, month: month, day: day) - epoch
    }

    /// `YYYY-MM-DD`.
    static func string(_ day: Int) -> String {
        let (year, month, dayOfMonth) = civil(day + epoch)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))"
    }

    /// The year of a day number.
    static func year(_ day: Int) -> Int { civil(day + epoch).year }

    // Howard Hinnant's `days_from_civil` and `civil_from_days`.
    private static func daysSinceUnixEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
