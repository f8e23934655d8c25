import Mustache

// swift-mustache finds a field of a plain struct through `Mirror`: each `{{name}}` reflects the whole value and
// walks its children. For the rows a page repeats hundreds of times (200 members of a community, a select of 732
// groups before it became ``OrganiserData/GroupChoices``) that was most of the page's time: 43% of the recruit
// page and 53% of a community's page at 10,000 members (perf, release).
// These types answer by name instead (``MustacheParent``). Escaping is unchanged: `{{x}}` still escapes.
// Every stored property must be listed; `WebLookupTests` checks each against its `Mirror`.

extension MemberPages.Person: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        case "reasons": reasons
        case "href": href
        default: nil
        }
    }
}

extension OrganiserPages.MapContent.Row: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "size": size
        case "label": label
        case "href": href
        default: nil
        }
    }
}

extension OrganiserRoundPages.RoundContent.Group: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "members": members
        case "weight": weight
        case "reasons": reasons
        default: nil
        }
    }
}

extension OrganiserRoundPages.ListContent.Row: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "href": href
        case "name": name
        case "group": group
        case "date": date
        case "participants": participants
        case "groups": groups
        case "met": met
        default: nil
        }
    }
}
