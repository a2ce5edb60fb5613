window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1500000000000000001-1600000000000000077",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1600000000000000077",
            "text" : "Hola Sandra, con gusto: envíenos el número de la placa y lo revisamos.",
            "mediaUrls" : [ ],
            "senderId" : "1500000000000000001",
            "id" : "1791000000000000002",
            "createdAt" : "2024-05-15T14:30:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000001",
            "text" : "Buenas tardes, me aparece un comparendo que no es mío.",
            "mediaUrls" : [ ],
            "senderId" : "1600000000000000077",
            "id" : "1791000000000000001",
            "createdAt" : "2024-05-15T13:55:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1500000000000000001-1600000000000000088",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000001",
            "text" : "¿Dónde puedo pagar la revisión técnico-mecánica?",
            "mediaUrls" : [ ],
            "senderId" : "1600000000000000088",
            "id" : "1791000000000000010",
            "createdAt" : "2024-05-16T09:00:00.000Z"
          }
        }
      ]
    }
  }
]
