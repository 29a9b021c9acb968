import Foundation

/// The rows a run may still send, ordered by the earliest time each may go (then by ledger id):
/// a binary min-heap, so picking a batch costs O(batch · log n) however long the queue.
struct CampaignSendQueue {
    /// One row waiting to be sent.
    struct Item {
        var entryID: Int64
        var recipientID: Int64
        /// The recipient's lowercased domain.
        var domain: String
        /// The recipient's time zone for the send window.
        var timeZone: TimeZone
        /// Not before this time (a deferred retry, a closed window, a throttled domain).
        var notBefore: Date
        /// When this send was first tried, when known.
        var firstAttempt: Date?
    }

    private var heap: [Item] = []

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    var first: Item? { heap.first }
    var items: [Item] { heap }

    private static func less(_ a: Item, _ b: Item) -> Bool {
        a.notBefore != b.notBefore ? a.notBefore < b.notBefore : a.entryID < b.entryID
    }

    mutating func push(_ item: Item) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Item? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, Self.less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
